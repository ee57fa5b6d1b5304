package dev.streamml.features;

import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * The encoded size of a windowed-features accumulator, for {@code StateSizes}; in this package
 * because the accumulator and its coder are package-private.
 *
 * <pre>{@code
 * int bytes = FeatureStateSize.bytesAfter(3_600);   // one key's one-hour window at 1 value/s
 * }</pre>
 */
public final class FeatureStateSize {
  private FeatureStateSize() {}

  /** Bytes of one key-and-window accumulator after {@code values} values, as its coder writes it. */
  public static int bytesAfter(int values) throws CoderException {
    FeatureStatsFn.Accumulator accumulator =
        new FeatureStatsFn(WindowedFeatures.DEFAULT_SKETCH_K).createAccumulator();
    for (int i = 0; i < values; i++) {
      accumulator.add(20 + Math.sin(i * 0.01) + (i % 7) * 0.1, i * 1000L);
    }
    return CoderUtils.encodeToByteArray(FeatureStatsFn.AccumulatorCoder.of(), accumulator).length;
  }
}
