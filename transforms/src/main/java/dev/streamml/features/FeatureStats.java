package dev.streamml.features;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.util.VarInt;
import org.joda.time.Instant;

/**
 * The window-free part of {@link WindowFeatures}: what {@link FeatureStatsFn} extracts from its
 * accumulator. Immutable, so a runner may hold it while the accumulator keeps growing.
 */
final class FeatureStats {
  final long count;
  final double sum;
  final double mean;
  final double variance;
  final double min;
  final double max;
  final double p50;
  final double p90;
  final double p99;
  final double firstValue;
  final @Nullable Instant firstTimestamp;
  final double lastValue;
  final @Nullable Instant lastTimestamp;

  FeatureStats(
      long count,
      double sum,
      double mean,
      double variance,
      double min,
      double max,
      double p50,
      double p90,
      double p99,
      double firstValue,
      @Nullable Instant firstTimestamp,
      double lastValue,
      @Nullable Instant lastTimestamp) {
    this.count = count;
    this.sum = sum;
    this.mean = mean;
    this.variance = variance;
    this.min = min;
    this.max = max;
    this.p50 = p50;
    this.p90 = p90;
    this.p99 = p99;
    this.firstValue = firstValue;
    this.firstTimestamp = firstTimestamp;
    this.lastValue = lastValue;
    this.lastTimestamp = lastTimestamp;
  }

  @Override
  public String toString() {
    return "FeatureStats{count="
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
        + "}";
  }

  /** Count, the doubles in field order, then first and last timestamps when count > 0. */
  static final class Coder extends CustomCoder<FeatureStats> {
    private static final Coder INSTANCE = new Coder();

    static Coder of() {
      return INSTANCE;
    }

    private Coder() {}

    @Override
    public void encode(FeatureStats stats, OutputStream out) throws IOException {
      VarInt.encode(stats.count, out);
      DataOutputStream data = new DataOutputStream(out);
      data.writeDouble(stats.sum);
      data.writeDouble(stats.mean);
      data.writeDouble(stats.variance);
      data.writeDouble(stats.min);
      data.writeDouble(stats.max);
      data.writeDouble(stats.p50);
      data.writeDouble(stats.p90);
      data.writeDouble(stats.p99);
      data.writeDouble(stats.firstValue);
      data.writeDouble(stats.lastValue);
      if (stats.count > 0) {
        data.writeLong(stats.firstTimestamp.getMillis());
        data.writeLong(stats.lastTimestamp.getMillis());
      }
      data.flush();
    }

    @Override
    public FeatureStats decode(InputStream in) throws IOException {
      long count = VarInt.decodeLong(in);
      DataInputStream data = new DataInputStream(in);
      double sum = data.readDouble();
      double mean = data.readDouble();
      double variance = data.readDouble();
      double min = data.readDouble();
      double max = data.readDouble();
      double p50 = data.readDouble();
      double p90 = data.readDouble();
      double p99 = data.readDouble();
      double firstValue = data.readDouble();
      double lastValue = data.readDouble();
      Instant firstTimestamp = count > 0 ? new Instant(data.readLong()) : null;
      Instant lastTimestamp = count > 0 ? new Instant(data.readLong()) : null;
      return new FeatureStats(
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
          lastTimestamp);
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

    @Override
    public void verifyDeterministic() {}
  }
}
