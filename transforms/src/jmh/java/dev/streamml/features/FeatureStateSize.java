package dev.streamml.features;

import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;

/** The encoded size of a windowed-features accumulator, for {@code StateSizes}. */
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
