package dev.streamml.features;

import java.io.Serializable;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * Summary features of one key's values in one window pane, as produced by {@link WindowedFeatures}.
 *
 * <p>What the figures mean:
 *
 * <ul>
 *   <li>{@link #getCount()}, {@link #getSum()}, {@link #getMean()}, {@link #getMin()}, {@link
 *       #getMax()}: over the values of the pane (all panes so far when the window accumulates).
 *   <li>{@link #getVariance()} is the <em>sample</em> variance, the sum of squared deviations
 *       divided by {@code count - 1}; it is {@code NaN} when {@code count < 2}, as with {@code
 *       pandas.Series.var()}. {@link #getStddev()} is its square root.
 *   <li>{@link #getP50()}, {@link #getP90()}, {@link #getP99()} are approximate nearest-rank
 *       quantiles from a KLL sketch: the smallest value whose fraction of values at or below it is
 *       at least {@code p}. They are exact while the pane holds no more values than the sketch's
 *       {@code k}; beyond that the returned value's rank is within the sketch's normalized rank
 *       error of {@code p} (about 1.33% for the default k = 200, with 99% confidence). A quantile
 *       is always one of the values seen.
 *   <li>First and last: values are ordered by event timestamp, and values with equal timestamps by
 *       value; {@link #getFirstValue()} is the least of that order and {@link #getLastValue()} the
 *       greatest. This does not depend on arrival order, so every runner gives the same answer.
 *   <li>{@link #getRate()}: count per second of window length ({@code windowEnd - windowStart}).
 *       For the global window (and any window that is not an interval) it is count per second
 *       between the first and last timestamps, {@code NaN} when they are equal.
 *   <li>{@link #getWindowStart()} and {@link #getWindowEnd()}: the interval window's bounds (end
 *       exclusive); for the global window {@link BoundedWindow#TIMESTAMP_MIN_VALUE} and {@link
 *       BoundedWindow#TIMESTAMP_MAX_VALUE}.
 * </ul>
 *
 * <p>A pane that holds no values has count 0, sum 0, rate 0 (interval windows) and {@code NaN} for
 * every other figure, with no first or last timestamp. Beam fires one when the watermark passes the
 * end of a discarding window whose earlier panes took every value, for instance the global window
 * with a count trigger when its input ends (Beam's default {@code
 * Window.OnTimeBehavior.FIRE_ALWAYS}). Window with {@code FIRE_IF_NON_EMPTY} not to get it, as
 * {@code WindowedFeatures...windowedBy(...)} does through {@code TriggerSpec}.
 *
 * <p>Instances are immutable; {@link WindowFeaturesCoder} is their coder.
 *
 * <pre>{@code
 * PCollection<WindowFeatures> features = ...;
 * PCollection<KV<String, Double>> p99ByKey =
 *     features
 *         .apply(Filter.by(f -> f.getPaneTiming() == PaneTiming.ON_TIME))
 *         .apply(MapElements.into(kvs(strings(), doubles()))
 *             .via(f -> KV.of(f.getKey(), f.getP99())));
 * }</pre>
 */
@DefaultCoder(WindowFeaturesCoder.class)
public final class WindowFeatures implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String featureName;
  private final Instant windowStart;
  private final Instant windowEnd;
  private final long count;
  private final double sum;
  private final double mean;
  private final double variance;
  private final double min;
  private final double max;
  private final double p50;
  private final double p90;
  private final double p99;
  private final double firstValue;
  private final @Nullable Instant firstTimestamp;
  private final double lastValue;
  private final @Nullable Instant lastTimestamp;
  private final double rate;
  private final PaneTiming paneTiming;
  private final long paneIndex;
  private final boolean isFinal;

  private WindowFeatures(Builder b) {
    this.key = Objects.requireNonNull(b.key, "key");
    this.featureName = Objects.requireNonNull(b.featureName, "featureName");
    this.windowStart = Objects.requireNonNull(b.windowStart, "windowStart");
    this.windowEnd = Objects.requireNonNull(b.windowEnd, "windowEnd");
    if (b.count < 0) {
      throw new IllegalArgumentException("count must be >= 0, found " + b.count);
    }
    if (b.count > 0 && (b.firstTimestamp == null || b.lastTimestamp == null)) {
      throw new IllegalArgumentException(
          "first and last timestamps must be given when count > 0, found count " + b.count);
    }
    this.count = b.count;
    this.sum = b.sum;
    this.mean = b.mean;
    this.variance = b.variance;
    this.min = b.min;
    this.max = b.max;
    this.p50 = b.p50;
    this.p90 = b.p90;
    this.p99 = b.p99;
    this.firstValue = b.firstValue;
    this.firstTimestamp = b.count > 0 ? b.firstTimestamp : null;
    this.lastValue = b.lastValue;
    this.lastTimestamp = b.count > 0 ? b.lastTimestamp : null;
    this.rate = b.rate;
    this.paneTiming = Objects.requireNonNull(b.paneTiming, "paneTiming");
    this.paneIndex = b.paneIndex;
    this.isFinal = b.isFinal;
  }

  /**
   * Starts building a record; everything else defaults to zero, {@code NaN}, no timestamps, an
   * {@link PaneTiming#UNKNOWN} pane of index 0 that is not final.
   */
  public static Builder builder(String key, String featureName, Instant start, Instant end) {
    return new Builder(key, featureName, start, end);
  }

  /** A builder holding this record's fields, to make a changed copy. */
  public Builder toBuilder() {
    return new Builder(key, featureName, windowStart, windowEnd)
        .count(count)
        .sum(sum)
        .mean(mean)
        .variance(variance)
        .min(min)
        .max(max)
        .p50(p50)
        .p90(p90)
        .p99(p99)
        .first(firstValue, firstTimestamp)
        .last(lastValue, lastTimestamp)
        .rate(rate)
        .pane(paneTiming, paneIndex, isFinal);
  }

  public String getKey() {
    return key;
  }

  /** The name of the summarised feature. */
  public String getFeatureName() {
    return featureName;
  }

  /** Inclusive start of the window. */
  public Instant getWindowStart() {
    return windowStart;
  }

  /** Exclusive end of the window. */
  public Instant getWindowEnd() {
    return windowEnd;
  }

  public long getCount() {
    return count;
  }

  public double getSum() {
    return sum;
  }

  public double getMean() {
    return mean;
  }

  /** Sample variance (divided by {@code count - 1}); {@code NaN} when {@code count < 2}. */
  public double getVariance() {
    return variance;
  }

  /** Square root of the sample variance; {@code NaN} when {@code count < 2}. */
  public double getStddev() {
    return Math.sqrt(variance);
  }

  public double getMin() {
    return min;
  }

  public double getMax() {
    return max;
  }

  /** Approximate median (nearest rank, from the KLL sketch). */
  public double getP50() {
    return p50;
  }

  /** Approximate 90th percentile (nearest rank, from the KLL sketch). */
  public double getP90() {
    return p90;
  }

  /** Approximate 99th percentile (nearest rank, from the KLL sketch). */
  public double getP99() {
    return p99;
  }

  /** The value with the earliest timestamp (the smallest such value on a tie). */
  public double getFirstValue() {
    return firstValue;
  }

  /** The earliest timestamp; null when the pane holds no values. */
  public @Nullable Instant getFirstTimestamp() {
    return firstTimestamp;
  }

  /** The value with the latest timestamp (the largest such value on a tie). */
  public double getLastValue() {
    return lastValue;
  }

  /** The latest timestamp; null when the pane holds no values. */
  public @Nullable Instant getLastTimestamp() {
    return lastTimestamp;
  }

  /** Values per second: of window length, or between first and last for the global window. */
  public double getRate() {
    return rate;
  }

  public PaneTiming getPaneTiming() {
    return paneTiming;
  }

  /** Index of the pane in its window, counting from 0. */
  public long getPaneIndex() {
    return paneIndex;
  }

  /** Whether this is the last pane of its window. */
  public boolean isFinal() {
    return isFinal;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof WindowFeatures)) {
      return false;
    }
    WindowFeatures that = (WindowFeatures) other;
    return key.equals(that.key)
        && featureName.equals(that.featureName)
        && windowStart.equals(that.windowStart)
        && windowEnd.equals(that.windowEnd)
        && count == that.count
        && same(sum, that.sum)
        && same(mean, that.mean)
        && same(variance, that.variance)
        && same(min, that.min)
        && same(max, that.max)
        && same(p50, that.p50)
        && same(p90, that.p90)
        && same(p99, that.p99)
        && same(firstValue, that.firstValue)
        && Objects.equals(firstTimestamp, that.firstTimestamp)
        && same(lastValue, that.lastValue)
        && Objects.equals(lastTimestamp, that.lastTimestamp)
        && same(rate, that.rate)
        && paneTiming == that.paneTiming
        && paneIndex == that.paneIndex
        && isFinal == that.isFinal;
  }

  // Double.compare, so that NaN equals NaN like the coder's bits do.
  private static boolean same(double a, double b) {
    return Double.compare(a, b) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        key,
        featureName,
        windowStart,
        windowEnd,
        count,
        sum,
        mean,
        variance,
        min,
        max,
        p50,
        p90,
        p99,
        firstValue,
        firstTimestamp,
        lastValue,
        lastTimestamp,
        rate,
        paneTiming,
        paneIndex,
        isFinal);
  }

  @Override
  public String toString() {
    return "WindowFeatures{key="
        + key
        + ", feature="
        + featureName
        + ", window=["
        + windowStart
        + ", "
        + windowEnd
        + "), pane="
        + paneTiming
        + "#"
        + paneIndex
        + (isFinal ? " final" : "")
        + ", count="
        + count
        + ", sum="
        + sum
        + ", mean="
        + mean
        + ", variance="
        + variance
        + ", min="
        + min
        + ", max="
        + max
        + ", p50="
        + p50
        + ", p90="
        + p90
        + ", p99="
        + p99
        + ", first="
        + firstValue
        + "@"
        + firstTimestamp
        + ", last="
        + lastValue
        + "@"
        + lastTimestamp
        + ", rate="
        + rate
        + "}";
  }

  /**
   * Builds a {@link WindowFeatures}; mostly for tests of code that consumes features.
   *
   * <pre>{@code
   * WindowFeatures f =
   *     WindowFeatures.builder("sensor-7", "value", start, start.plus(Duration.standardMinutes(1)))
   *         .count(2).sum(3.0).mean(1.5).variance(0.5).min(1.0).max(2.0)
   *         .first(1.0, start).last(2.0, start.plus(1000))
   *         .pane(PaneTiming.ON_TIME, 0, true)
   *         .build();
   * }</pre>
   */
  public static final class Builder {
    private final String key;
    private final String featureName;
    private final Instant windowStart;
    private final Instant windowEnd;
    private long count;
    private double sum;
    private double mean = Double.NaN;
    private double variance = Double.NaN;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private double p50 = Double.NaN;
    private double p90 = Double.NaN;
    private double p99 = Double.NaN;
    private double firstValue = Double.NaN;
    private @Nullable Instant firstTimestamp;
    private double lastValue = Double.NaN;
    private @Nullable Instant lastTimestamp;
    private double rate = Double.NaN;
    private PaneTiming paneTiming = PaneTiming.UNKNOWN;
    private long paneIndex;
    private boolean isFinal;

    private Builder(String key, String featureName, Instant windowStart, Instant windowEnd) {
      this.key = key;
      this.featureName = featureName;
      this.windowStart = windowStart;
      this.windowEnd = windowEnd;
    }

    public Builder count(long newCount) {
      this.count = newCount;
      return this;
    }

    public Builder sum(double newSum) {
      this.sum = newSum;
      return this;
    }

    public Builder mean(double newMean) {
      this.mean = newMean;
      return this;
    }

    public Builder variance(double newVariance) {
      this.variance = newVariance;
      return this;
    }

    public Builder min(double newMin) {
      this.min = newMin;
      return this;
    }

    public Builder max(double newMax) {
      this.max = newMax;
      return this;
    }

    public Builder p50(double newP50) {
      this.p50 = newP50;
      return this;
    }

    public Builder p90(double newP90) {
      this.p90 = newP90;
      return this;
    }

    public Builder p99(double newP99) {
      this.p99 = newP99;
      return this;
    }

    public Builder first(double value, @Nullable Instant timestamp) {
      this.firstValue = value;
      this.firstTimestamp = timestamp;
      return this;
    }

    public Builder last(double value, @Nullable Instant timestamp) {
      this.lastValue = value;
      this.lastTimestamp = timestamp;
      return this;
    }

    public Builder rate(double newRate) {
      this.rate = newRate;
      return this;
    }

    public Builder pane(PaneTiming timing, long index, boolean last) {
      this.paneTiming = timing;
      this.paneIndex = index;
      this.isFinal = last;
      return this;
    }

    /**
     * Builds the record.
     *
     * @throws NullPointerException if key, feature name, window bounds or pane timing are null
     * @throws IllegalArgumentException if count is negative, or positive without first and last
     *     timestamps
     */
    public WindowFeatures build() {
      return new WindowFeatures(this);
    }
  }
}
