package dev.streamml.online;

import java.io.Serializable;

/**
 * Step size of SGD at update {@code t} (0 for the first learned row): {@code initial / (1 +
 * t)^power}. Power 0 is a constant rate; power 0.5 is the classic inverse square root decay.
 *
 * <pre>{@code
 * LearningRate rate = LearningRate.inverseScaling(0.1, 0.5); // 0.1 / t^0.5
 * double step = rate.at(t);
 * OnlineLinearRegression model = OnlineLinearRegression.of(rate, 0.0);
 * }</pre>
 */
public final class LearningRate implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double initial;
  private final double power;

  private LearningRate(double initial, double power) {
    if (!(initial > 0) || Double.isInfinite(initial)) {
      throw new IllegalArgumentException("learning rate should be a positive finite number, was " + initial);
    }
    if (!(power >= 0) || Double.isInfinite(power)) {
      throw new IllegalArgumentException("decay power should be non-negative and finite, was " + power);
    }
    this.initial = initial;
    this.power = power;
  }

  /** The same rate at every step. */
  public static LearningRate constant(double rate) {
    return new LearningRate(rate, 0.0);
  }

  /** {@code initial / (1 + t)^power}. */
  public static LearningRate inverseScaling(double initial, double power) {
    return new LearningRate(initial, power);
  }

  public double initial() {
    return initial;
  }

  public double power() {
    return power;
  }

  /** The rate of update {@code t}, counted from 0. */
  public double at(long t) {
    return power == 0.0 ? initial : initial / Math.pow(1.0 + t, power);
  }

  @Override
  public String toString() {
    return power == 0.0 ? "constant(" + initial + ")" : initial + "/(1+t)^" + power;
  }
}
