package dev.streamml.anomaly.threshold;

/**
 * A constant cut-off: a score is anomalous when it is at least {@code value}.
 *
 * <pre>{@code
 * Threshold threshold = FixedThreshold.of(0.99);
 * }</pre>
 */
public final class FixedThreshold implements Threshold {

  private static final long serialVersionUID = 1L;

  /** Cut-off used by {@link #create()}. */
  public static final double DEFAULT_VALUE = 0.99;

  private final double value;

  private FixedThreshold(double value) {
    this.value = value;
  }

  /** Flags scores of at least {@link #DEFAULT_VALUE}. */
  public static FixedThreshold create() {
    return of(DEFAULT_VALUE);
  }

  /** Flags scores of at least {@code value}, which should lie in [0, 1]. */
  public static FixedThreshold of(double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException("threshold value should be in [0, 1], got " + value);
    }
    return new FixedThreshold(value);
  }

  @Override
  public boolean isAnomaly(double score) {
    return score >= value;
  }

  @Override
  public void update(double score) {}

  @Override
  public double value() {
    return value;
  }

  @Override
  public FixedThreshold copy() {
    return this; // immutable
  }

  @Override
  public String toString() {
    return "FixedThreshold{" + value + "}";
  }
}
