package dev.streamml.online;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.VarInt;

/**
 * Deterministic coder of {@link ModelSnapshot}: model id, version (var-long), number of
 * parameters, then per parameter in name order its name, length (var-int) and doubles.
 *
 * <pre>{@code
 * PCollection<ModelSnapshot> snapshots = ...;
 * snapshots.setCoder(ModelSnapshotCoder.of());
 * }</pre>
 */
public final class ModelSnapshotCoder extends CustomCoder<ModelSnapshot> {
  private static final long serialVersionUID = 1L;
  private static final ModelSnapshotCoder INSTANCE = new ModelSnapshotCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();

  private ModelSnapshotCoder() {}

  public static ModelSnapshotCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(ModelSnapshot snapshot, OutputStream out) throws IOException {
    STRING.encode(snapshot.modelId(), out);
    VarInt.encode(snapshot.version(), out);
    Map<String, double[]> parameters = snapshot.parameters();
    VarInt.encode(parameters.size(), out);
    for (Map.Entry<String, double[]> e : parameters.entrySet()) {
      STRING.encode(e.getKey(), out);
      double[] values = e.getValue();
      VarInt.encode(values.length, out);
      DataOutputStream data = new DataOutputStream(out);
      for (double v : values) {
        data.writeDouble(v);
      }
      data.flush();
    }
  }

  @Override
  public ModelSnapshot decode(InputStream in) throws IOException {
    String id = STRING.decode(in);
    long version = VarInt.decodeLong(in);
    int count = VarInt.decodeInt(in);
    Map<String, double[]> parameters = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      String name = STRING.decode(in);
      double[] values = new double[VarInt.decodeInt(in)];
      DataInputStream data = new DataInputStream(in);
      for (int j = 0; j < values.length; j++) {
        values[j] = data.readDouble();
      }
      parameters.put(name, values);
    }
    return ModelSnapshot.of(id, version, parameters);
  }

  @Override
  public void verifyDeterministic() {}
}
