package dev.streamml.eval.metrics;

import java.io.Serializable;

/**
 * Online, mergeable metrics of a regressor's predictions, for prequential (test-then-train)
 * evaluation: mean absolute error {@code MAE = sum |y - ŷ| / n} and root mean squared error {@code
 * RMSE = sqrt(sum (y - ŷ)^2 / n)}. Three numbers of memory; both metrics are NaN before any
 * prediction. {@link #merge} gives the metrics of one pass over both parts (up to floating-point
 * summation order).
 *
 * <pre>{@code
 * RegressionMetrics metrics = new RegressionMetrics();
 * metrics.add(actual, model.predict(x));
 * double rmse = metrics.rmse();
 * }</pre>
 */
public final class RegressionMetrics implements Serializable {

  private static final long serialVersionUID = 1L;

  private long count;
  private double absoluteErrors;
  private double squaredErrors;

  /** Empty metrics. */
  public RegressionMetrics() {}

  /** Adds one prediction; both numbers must be finite. */
  public RegressionMetrics add(double actual, double predicted) {
    if (!Double.isFinite(actual) || !Double.isFinite(predicted)) {
      throw new IllegalArgumentException(
          "actual and predicted should be finite, got " + actual + " and " + predicted);
    }
    double error = actual - predicted;
    count++;
    absoluteErrors += Math.abs(error);
    squaredErrors += error * error;
    return this;
  }

  /** Adds the predictions counted by {@code other}. */
  public RegressionMetrics merge(RegressionMetrics other) {
    count += other.count;
    absoluteErrors += other.absoluteErrors;
    squaredErrors += other.squaredErrors;
    return this;
  }

  /** Number of predictions added. */
  public long count() {
    return count;
  }

  /** Mean absolute error, NaN before any prediction. */
  public double mae() {
    return count == 0 ? Double.NaN : absoluteErrors / count;
  }

  /** Root mean squared error, NaN before any prediction. */
  public double rmse() {
    return count == 0 ? Double.NaN : Math.sqrt(squaredErrors / count);
  }

  /** An independent copy. */
  public RegressionMetrics copy() {
    return new RegressionMetrics().merge(this);
  }

  @Override
  public String toString() {
    return String.format("RegressionMetrics{count=%d, mae=%.6g, rmse=%.6g}", count, mae(), rmse());
  }
}
