package dev.streamml.online.beam;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Deterministic coder of {@link Prediction}.
 *
 * <pre>{@code
 * PCollection<Prediction> predictions = ...;
 * predictions.setCoder(PredictionCoder.of()); // the default coder of Prediction anyway
 * }</pre>
 */
public final class PredictionCoder extends CustomCoder<Prediction> {
  private static final long serialVersionUID = 1L;
  private static final PredictionCoder INSTANCE = new PredictionCoder();
  private static final NullableCoder<String> ID = NullableCoder.of(StringUtf8Coder.of());
  private static final NullableCoder<Double> ACTUAL = NullableCoder.of(DoubleCoder.of());

  private PredictionCoder() {}

  public static PredictionCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(Prediction p, OutputStream out) throws IOException {
    StringUtf8Coder.of().encode(p.key(), out);
    InstantCoder.of().encode(p.timestamp(), out);
    ID.encode(p.id(), out);
    VarIntCoder.of().encode(p.predictedClass(), out);
    double[] probabilities = p.probabilities();
    VarIntCoder.of().encode(probabilities.length, out);
    for (double v : probabilities) {
      DoubleCoder.of().encode(v, out);
    }
    DoubleCoder.of().encode(p.value(), out);
    ACTUAL.encode(p.actual(), out);
    VarLongCoder.of().encode(p.modelVersion(), out);
    BooleanCoder.of().encode(p.isLate(), out);
  }

  @Override
  public Prediction decode(InputStream in) throws IOException {
    String key = StringUtf8Coder.of().decode(in);
    org.joda.time.Instant timestamp = InstantCoder.of().decode(in);
    String id = ID.decode(in);
    int predicted = VarIntCoder.of().decode(in);
    double[] probabilities = new double[VarIntCoder.of().decode(in)];
    for (int i = 0; i < probabilities.length; i++) {
      probabilities[i] = DoubleCoder.of().decode(in);
    }
    double value = DoubleCoder.of().decode(in);
    Double actual = ACTUAL.decode(in);
    long version = VarLongCoder.of().decode(in);
    boolean late = BooleanCoder.of().decode(in);
    return new Prediction(
        key, timestamp, id, predicted, probabilities, value, actual, version, late);
  }

  @Override
  public void verifyDeterministic() {}
}
