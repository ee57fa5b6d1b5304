package dev.streamml.online.beam;

import dev.streamml.online.ModelSnapshot;
import dev.streamml.online.ModelSnapshotCoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.joda.time.Instant;

/**
 * Deterministic coder of {@link KeyedModelSnapshot}: key, version, event time, snapshot.
 *
 * <pre>{@code
 * PCollection<KeyedModelSnapshot> snapshots = ...;
 * snapshots.setCoder(KeyedModelSnapshotCoder.of());
 * }</pre>
 */
public final class KeyedModelSnapshotCoder extends CustomCoder<KeyedModelSnapshot> {
  private static final long serialVersionUID = 1L;
  private static final KeyedModelSnapshotCoder INSTANCE = new KeyedModelSnapshotCoder();

  private KeyedModelSnapshotCoder() {}

  public static KeyedModelSnapshotCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(KeyedModelSnapshot s, OutputStream out) throws IOException {
    StringUtf8Coder.of().encode(s.key(), out);
    VarLongCoder.of().encode(s.version(), out);
    InstantCoder.of().encode(s.eventTime(), out);
    ModelSnapshotCoder.of().encode(s.snapshot(), out);
  }

  @Override
  public KeyedModelSnapshot decode(InputStream in) throws IOException {
    String key = StringUtf8Coder.of().decode(in);
    long version = VarLongCoder.of().decode(in);
    Instant eventTime = InstantCoder.of().decode(in);
    ModelSnapshot snapshot = ModelSnapshotCoder.of().decode(in);
    return new KeyedModelSnapshot(key, version, eventTime, snapshot);
  }

  @Override
  public void verifyDeterministic() {}
}
