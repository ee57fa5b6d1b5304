package dev.streamml.features;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.joda.time.Instant;

/**
 * Summarises timestamped values in one mergeable pass: count, sum, Welford mean and M2 (merged with
 * Chan et al.'s parallel formula), min, max, a KLL quantile sketch, and the first and last values
 * in (event timestamp, value) order. See {@link WindowFeatures} for what each figure means.
 */
final class FeatureStatsFn
    extends CombineFn<TimestampedValue<Double>, FeatureStatsFn.Accumulator, FeatureStats> {

  private final int sketchK;

  FeatureStatsFn(int sketchK) {
    this.sketchK = sketchK;
  }

  @Override
  public Accumulator createAccumulator() {
    return new Accumulator(KllDoublesSketch.newHeapInstance(sketchK));
  }

  @Override
  public Accumulator addInput(Accumulator accumulator, TimestampedValue<Double> input) {
    accumulator.add(input.getValue(), input.getTimestamp().getMillis());
    return accumulator;
  }

  @Override
  public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
    Iterator<Accumulator> it = accumulators.iterator();
    if (!it.hasNext()) {
      return createAccumulator();
    }
    Accumulator merged = it.next();
    while (it.hasNext()) {
      merged.merge(it.next());
    }
    return merged;
  }

  @Override
  public FeatureStats extractOutput(Accumulator accumulator) {
    return accumulator.toStats();
  }

  @Override
  public Coder<Accumulator> getAccumulatorCoder(
      CoderRegistry registry, Coder<TimestampedValue<Double>> inputCoder) {
    return AccumulatorCoder.of();
  }

  @Override
  public Coder<FeatureStats> getDefaultOutputCoder(
      CoderRegistry registry, Coder<TimestampedValue<Double>> inputCoder) {
    return FeatureStats.Coder.of();
  }

  /**
   * Mutable running summary. First and last hold the least and greatest (timestamp, value) pair, so
   * they do not depend on arrival or merge order.
   */
  static final class Accumulator {
    long count;
    double sum;
    double mean;

    /** Sum of squared deviations from the mean (Welford's M2). */
    double m2;

    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    long firstMillis;
    double firstValue = Double.NaN;
    long lastMillis;
    double lastValue = Double.NaN;
    final KllDoublesSketch sketch;

    Accumulator(KllDoublesSketch sketch) {
      this.sketch = sketch;
    }

    void add(double value, long millis) {
      count++;
      sum += value;
      double delta = value - mean;
      mean += delta / count;
      m2 += delta * (value - mean);
      min = Math.min(min, value);
      max = Math.max(max, value);
      sketch.update(value);
      updateFirstLast(count == 1, value, millis, value, millis);
    }

    void merge(Accumulator other) {
      if (other.count == 0) {
        return;
      }
      boolean wasEmpty = count == 0;
      // Chan, Golub and LeVeque's pairwise update of mean and M2.
      long total = count + other.count;
      double delta = other.mean - mean;
      double otherShare = (double) other.count / total;
      mean += delta * otherShare;
      m2 += other.m2 + delta * delta * count * otherShare;
      count = total;
      sum += other.sum;
      min = Math.min(min, other.min);
      max = Math.max(max, other.max);
      sketch.merge(other.sketch);
      updateFirstLast(
          wasEmpty, other.firstValue, other.firstMillis, other.lastValue, other.lastMillis);
    }

    private void updateFirstLast(
        boolean wasEmpty, double candidateFirst, long firstAt, double candidateLast, long lastAt) {
      if (wasEmpty || isBefore(firstAt, candidateFirst, firstMillis, firstValue)) {
        firstMillis = firstAt;
        firstValue = candidateFirst;
      }
      if (wasEmpty || isBefore(lastMillis, lastValue, lastAt, candidateLast)) {
        lastMillis = lastAt;
        lastValue = candidateLast;
      }
    }

    /** Whether (aMillis, aValue) comes strictly before (bMillis, bValue). */
    private static boolean isBefore(long aMillis, double aValue, long bMillis, double bValue) {
      return aMillis != bMillis ? aMillis < bMillis : Double.compare(aValue, bValue) < 0;
    }

    FeatureStats toStats() {
      if (count == 0) {
        return new FeatureStats(
            0,
            0.0,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            null,
            Double.NaN,
            null);
      }
      double variance = count < 2 ? Double.NaN : Math.max(0.0, m2) / (count - 1);
      double[] quantiles =
          sketch.getQuantiles(new double[] {0.5, 0.9, 0.99}, QuantileSearchCriteria.INCLUSIVE);
      return new FeatureStats(
          count,
          sum,
          mean,
          variance,
          min,
          max,
          quantiles[0],
          quantiles[1],
          quantiles[2],
          firstValue,
          new Instant(firstMillis),
          lastValue,
          new Instant(lastMillis));
    }
  }

  /**
   * Count, then (when count > 0) sum, mean, M2, min, max, first and last as millis and value, then
   * the KLL sketch's compact bytes.
   */
  static final class AccumulatorCoder extends CustomCoder<Accumulator> {
    private static final AccumulatorCoder INSTANCE = new AccumulatorCoder();
    private static final ByteArrayCoder BYTES = ByteArrayCoder.of();

    static AccumulatorCoder of() {
      return INSTANCE;
    }

    private AccumulatorCoder() {}

    @Override
    public void encode(Accumulator accumulator, OutputStream out) throws IOException {
      VarInt.encode(accumulator.count, out);
      DataOutputStream data = new DataOutputStream(out);
      if (accumulator.count > 0) {
        data.writeDouble(accumulator.sum);
        data.writeDouble(accumulator.mean);
        data.writeDouble(accumulator.m2);
        data.writeDouble(accumulator.min);
        data.writeDouble(accumulator.max);
        data.writeLong(accumulator.firstMillis);
        data.writeDouble(accumulator.firstValue);
        data.writeLong(accumulator.lastMillis);
        data.writeDouble(accumulator.lastValue);
      }
      data.flush();
      BYTES.encode(accumulator.sketch.toByteArray(), out);
    }

    @Override
    public Accumulator decode(InputStream in) throws IOException {
      long count = VarInt.decodeLong(in);
      DataInputStream data = new DataInputStream(in);
      double sum = 0;
      double mean = 0;
      double m2 = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      long firstMillis = 0;
      double firstValue = Double.NaN;
      long lastMillis = 0;
      double lastValue = Double.NaN;
      if (count > 0) {
        sum = data.readDouble();
        mean = data.readDouble();
        m2 = data.readDouble();
        min = data.readDouble();
        max = data.readDouble();
        firstMillis = data.readLong();
        firstValue = data.readDouble();
        lastMillis = data.readLong();
        lastValue = data.readDouble();
      }
      Accumulator accumulator =
          new Accumulator(KllDoublesSketch.heapify(Memory.wrap(BYTES.decode(in))));
      accumulator.count = count;
      accumulator.sum = sum;
      accumulator.mean = mean;
      accumulator.m2 = m2;
      accumulator.min = min;
      accumulator.max = max;
      accumulator.firstMillis = firstMillis;
      accumulator.firstValue = firstValue;
      accumulator.lastMillis = lastMillis;
      accumulator.lastValue = lastValue;
      return accumulator;
    }

    // Stateless: every instance, also one deserialized on a worker, is the same coder.
    @Override
    public boolean equals(@Nullable Object other) {
      return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
      return getClass().hashCode();
    }
  }
}
