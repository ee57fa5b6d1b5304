package dev.streamml.online;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * Coder of any {@link OnlineModel} built from this package: it encodes the model's {@link
 * ModelSnapshot} with {@link ModelSnapshotCoder} and decodes with {@link
 * OnlineModels#fromSnapshot}, so a decoded model predicts bit for bit like the encoded one. Use it
 * for a model held in a Beam state cell.
 *
 * <pre>{@code
 * // the spec of a DoFn's model state cell
 * StateSpec<ValueState<OnlineModel>> modelSpec = StateSpecs.value(OnlineModelCoder.of());
 * }</pre>
 */
public final class OnlineModelCoder extends CustomCoder<OnlineModel> {
  private static final long serialVersionUID = 1L;
  private static final OnlineModelCoder INSTANCE = new OnlineModelCoder();

  private OnlineModelCoder() {}

  public static OnlineModelCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(OnlineModel model, OutputStream out) throws IOException {
    ModelSnapshotCoder.of().encode(model.snapshot(), out);
  }

  @Override
  public OnlineModel decode(InputStream in) throws IOException {
    return OnlineModels.fromSnapshot(ModelSnapshotCoder.of().decode(in));
  }

  @Override
  public void verifyDeterministic() {}
}
