package dev.streamml.anomaly.detectors;

import dev.streamml.anomaly.AnomalyDetector;

/**
 * Tukey's fences over the last {@code N} points: a point is anomalous when it lies outside {@code
 * [Q1 - k IQR, Q3 + k IQR]}, with quartiles of the window ({@code k} = {@link #DEFAULT_K} = 1.5
 * unless set). Points inside the fences score 0; a point {@code d} interquartile ranges beyond a
 * fence scores {@code d / (1 + d)}: 0.5 at one IQR past the fence, 0.9 at nine. When the IQR is 0,
 * any point outside the fences scores 1.
 *
 * <p>Quartiles are exact, interpolated between order statistics (R's type 7, like numpy's
 * default), from a ring buffer and a sorted copy of the last {@code N} values per feature: memory
 * {@code 2 N} doubles per feature, O(N) per learned point. A point with several features scores the
 * largest of its features' scores. Scores are 0 until four points were learned; the detector is
 * warm after {@link #DEFAULT_MIN_POINTS}. Non-finite feature values score 0 and are not learned.
 *
 * <pre>{@code
 * AnomalyDetector detector = IqrDetector.overLast(1000).withK(3.0);
 * double score = detector.score(new double[] {requests});
 * detector.learn(new double[] {requests});
 * }</pre>
 */
public final class IqrDetector implements AnomalyDetector {

  private static final long serialVersionUID = 1L;

  /** Window length used by {@link #create()}. */
  public static final int DEFAULT_WINDOW = 500;

  /** Fence distance in interquartile ranges (Tukey's "outlier"). */
  public static final double DEFAULT_K = 1.5;

  /** Points learned before the detector is warm. */
  public static final int DEFAULT_MIN_POINTS = 30;

  private final int window;
  private final double k;
  private final int minPoints;

  private long count;
  private SortedWindow[] values;

  private IqrDetector(int window, double k, int minPoints) {
    this.window = window;
    this.k = k;
    this.minPoints = minPoints;
  }

  /** A detector over the last {@link #DEFAULT_WINDOW} points with {@link #DEFAULT_K}. */
  public static IqrDetector create() {
    return overLast(DEFAULT_WINDOW);
  }

  /** Quartiles of the last {@code window} points (at least 4). */
  public static IqrDetector overLast(int window) {
    Points.checkAtLeast("window", window, 4);
    return new IqrDetector(window, DEFAULT_K, DEFAULT_MIN_POINTS);
  }

  /** A new, untrained detector with fences {@code k} (non-negative) IQRs outside the quartiles. */
  public IqrDetector withK(double k) {
    if (!(k >= 0) || Double.isInfinite(k)) {
      throw new IllegalArgumentException("k should be a non-negative number, got " + k);
    }
    return new IqrDetector(window, k, minPoints);
  }

  /** A new, untrained detector with the same settings that is warm after {@code minPoints}. */
  public IqrDetector withMinPoints(int minPoints) {
    Points.checkAtLeast("minPoints", minPoints, 1);
    return new IqrDetector(window, k, minPoints);
  }

  @Override
  public String id() {
    return "iqr";
  }

  @Override
  public boolean isWarm() {
    return count >= minPoints;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public double score(double[] point) {
    Points.checkDimension(point, values == null ? 0 : values.length);
    if (values == null) {
      return 0.0;
    }
    double score = 0.0;
    for (int f = 0; f < values.length; f++) {
      score = Math.max(score, scoreFeature(values[f], point[f]));
    }
    return score;
  }

  private double scoreFeature(SortedWindow w, double x) {
    if (!Double.isFinite(x) || w.size() < 4) {
      return 0.0;
    }
    double q1 = w.quantile(0.25);
    double q3 = w.quantile(0.75);
    double iqr = q3 - q1;
    double beyond = Math.max(q1 - k * iqr - x, x - (q3 + k * iqr));
    if (beyond <= 0) {
      return 0.0;
    }
    if (!(iqr > 0)) {
      return 1.0;
    }
    double d = beyond / iqr;
    return d / (1.0 + d);
  }

  @Override
  public void learn(double[] point) {
    Points.checkDimension(point, values == null ? 0 : values.length);
    if (values == null) {
      values = new SortedWindow[point.length];
      for (int f = 0; f < point.length; f++) {
        values[f] = new SortedWindow(window);
      }
    }
    for (int f = 0; f < values.length; f++) {
      if (Double.isFinite(point[f])) {
        values[f].add(point[f]);
      }
    }
    count++;
  }

  @Override
  public IqrDetector copy() {
    IqrDetector copy = new IqrDetector(window, k, minPoints);
    copy.count = count;
    if (values != null) {
      copy.values = new SortedWindow[values.length];
      for (int f = 0; f < values.length; f++) {
        copy.values[f] = values[f].copy();
      }
    }
    return copy;
  }

  @Override
  public String toString() {
    return "IqrDetector{overLast=" + window + ", k=" + k + ", minPoints=" + minPoints + "}";
  }
}
