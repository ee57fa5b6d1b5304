package dev.streamml.features;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.VarInt;
import org.joda.time.Instant;

/**
 * The explicit, deterministic coder of {@link WindowFeatures}: key, feature name, window bounds in
 * millis, count, the figures as IEEE doubles, first and last timestamps when count &gt; 0, rate,
 * then pane timing, index and finality.
 *
 * <pre>{@code
 * PCollection<WindowFeatures> copy =
 *     features.apply(ParDo.of(new ReshapeFn())).setCoder(WindowFeaturesCoder.of());
 * }</pre>
 */
public final class WindowFeaturesCoder extends CustomCoder<WindowFeatures> {
  private static final WindowFeaturesCoder INSTANCE = new WindowFeaturesCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final PaneTiming[] TIMINGS = PaneTiming.values();

  private WindowFeaturesCoder() {}

  public static WindowFeaturesCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(WindowFeatures f, OutputStream out) throws IOException {
    STRING.encode(f.getKey(), out);
    STRING.encode(f.getFeatureName(), out);
    DataOutputStream data = new DataOutputStream(out);
    data.writeLong(f.getWindowStart().getMillis());
    data.writeLong(f.getWindowEnd().getMillis());
    data.flush();
    VarInt.encode(f.getCount(), out);
    data.writeDouble(f.getSum());
    data.writeDouble(f.getMean());
    data.writeDouble(f.getVariance());
    data.writeDouble(f.getMin());
    data.writeDouble(f.getMax());
    data.writeDouble(f.getP50());
    data.writeDouble(f.getP90());
    data.writeDouble(f.getP99());
    data.writeDouble(f.getFirstValue());
    data.writeDouble(f.getLastValue());
    if (f.getCount() > 0) {
      data.writeLong(f.getFirstTimestamp().getMillis());
      data.writeLong(f.getLastTimestamp().getMillis());
    }
    data.writeDouble(f.getRate());
    data.writeByte(f.getPaneTiming().ordinal());
    data.flush();
    VarInt.encode(f.getPaneIndex(), out);
    out.write(f.isFinal() ? 1 : 0);
  }

  @Override
  public WindowFeatures decode(InputStream in) throws IOException {
    String key = STRING.decode(in);
    String featureName = STRING.decode(in);
    DataInputStream data = new DataInputStream(in);
    Instant start = new Instant(data.readLong());
    Instant end = new Instant(data.readLong());
    long count = VarInt.decodeLong(in);
    WindowFeatures.Builder b =
        WindowFeatures.builder(key, featureName, start, end)
            .count(count)
            .sum(data.readDouble())
            .mean(data.readDouble())
            .variance(data.readDouble())
            .min(data.readDouble())
            .max(data.readDouble())
            .p50(data.readDouble())
            .p90(data.readDouble())
            .p99(data.readDouble());
    double firstValue = data.readDouble();
    double lastValue = data.readDouble();
    Instant firstTimestamp = count > 0 ? new Instant(data.readLong()) : null;
    Instant lastTimestamp = count > 0 ? new Instant(data.readLong()) : null;
    b.first(firstValue, firstTimestamp).last(lastValue, lastTimestamp).rate(data.readDouble());
    int timing = data.readUnsignedByte();
    if (timing >= TIMINGS.length) {
      throw new CoderException("unknown pane timing ordinal " + timing);
    }
    long paneIndex = VarInt.decodeLong(in);
    boolean isFinal = data.readUnsignedByte() == 1;
    return b.pane(TIMINGS[timing], paneIndex, isFinal).build();
  }

  @Override
  public void verifyDeterministic() {}

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
  public boolean consistentWithEquals() {
    return true;
  }
}
