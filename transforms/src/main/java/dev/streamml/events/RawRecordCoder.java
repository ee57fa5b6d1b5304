package dev.streamml.events;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;

/**
 * Coder of {@link RawRecord}: payload bytes, source, partition, offset, timestamp millis.
 *
 * <pre>{@code
 * PCollection<RawRecord> raw = lines.apply(MapElements.via(...)).setCoder(RawRecordCoder.of());
 * }</pre>
 */
public final class RawRecordCoder extends CustomCoder<RawRecord> {
  private static final RawRecordCoder INSTANCE = new RawRecordCoder();

  private RawRecordCoder() {}

  public static RawRecordCoder of() {
    return INSTANCE;
  }

  /**
   * What {@code @DefaultCoder(RawRecordCoder.class)} on {@link RawRecord} calls: Beam's
   * default-coder lookup needs this static method, and without it falls back to {@code
   * SerializableCoder}.
   */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(RawRecord.class), INSTANCE);
  }

  @Override
  public void encode(RawRecord record, OutputStream out) throws IOException {
    ByteArrayCoder.of().encode(record.getPayload(), out);
    StringUtf8Coder.of().encode(record.getSource(), out);
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(record.getPartition());
    data.writeLong(record.getOffset());
    data.writeLong(record.getTimestamp().getMillis());
    data.flush();
  }

  @Override
  public RawRecord decode(InputStream in) throws IOException {
    byte[] payload = ByteArrayCoder.of().decode(in);
    String source = StringUtf8Coder.of().decode(in);
    DataInputStream data = new DataInputStream(in);
    int partition = data.readInt();
    long offset = data.readLong();
    Instant timestamp = new Instant(data.readLong());
    return RawRecord.of(payload, source, partition, offset, timestamp);
  }

  @Override
  public void verifyDeterministic() {}

  // CustomCoder does not define equality; a coder must equal its deserialized copy.
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof RawRecordCoder;
  }

  @Override
  public int hashCode() {
    return RawRecordCoder.class.getName().hashCode();
  }
}
