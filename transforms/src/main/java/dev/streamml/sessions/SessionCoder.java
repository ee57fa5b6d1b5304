package dev.streamml.sessions;

import dev.streamml.features.PaneTiming;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;

/**
 * Deterministic coder of {@link Session}.
 *
 * <pre>{@code
 * sessions.setCoder(SessionCoder.of());
 * }</pre>
 */
public final class SessionCoder extends CustomCoder<Session> {
  private static final SessionCoder INSTANCE = new SessionCoder();

  private SessionCoder() {}

  public static SessionCoder of() {
    return INSTANCE;
  }

  /** What {@code @DefaultCoder} on {@link Session} calls. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(Session.class), INSTANCE);
  }

  @Override
  public void encode(Session value, OutputStream out) throws IOException {
    StringUtf8Coder.of().encode(value.host(), out);
    DataOutputStream data = new DataOutputStream(out);
    data.writeLong(value.windowStart().getMillis());
    data.writeLong(value.windowEnd().getMillis());
    // The ordinal: PaneTiming only ever gains values at its end.
    data.writeByte(value.timing().ordinal());
    data.writeLong(value.paneIndex());
    data.writeBoolean(value.isFinal());
    data.flush();
    SessionFeaturesCoder.of().encode(value.features(), out);
  }

  @Override
  public Session decode(InputStream in) throws IOException {
    String host = StringUtf8Coder.of().decode(in);
    DataInputStream data = new DataInputStream(in);
    Instant start = new Instant(data.readLong());
    Instant end = new Instant(data.readLong());
    PaneTiming timing = PaneTiming.values()[data.readByte()];
    long index = data.readLong();
    boolean isFinal = data.readBoolean();
    return Session.of(
        host, start, end, timing, index, isFinal, SessionFeaturesCoder.of().decode(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof SessionCoder;
  }

  @Override
  public int hashCode() {
    return SessionCoder.class.getName().hashCode();
  }
}
