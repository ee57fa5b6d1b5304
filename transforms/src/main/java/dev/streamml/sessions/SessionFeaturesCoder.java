package dev.streamml.sessions;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;

/**
 * Deterministic coder of {@link SessionFeatures}: seven longs.
 *
 * <pre>{@code
 * features.setCoder(SessionFeaturesCoder.of());
 * }</pre>
 */
public final class SessionFeaturesCoder extends CustomCoder<SessionFeatures> {
  private static final SessionFeaturesCoder INSTANCE = new SessionFeaturesCoder();

  private SessionFeaturesCoder() {}

  public static SessionFeaturesCoder of() {
    return INSTANCE;
  }

  /** What {@code @DefaultCoder} on {@link SessionFeatures} calls. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(SessionFeatures.class), INSTANCE);
  }

  @Override
  public void encode(SessionFeatures value, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeLong(value.start().getMillis());
    data.writeLong(value.end().getMillis());
    data.writeLong(value.requests());
    data.writeLong(value.bytes());
    data.writeLong(value.distinctUrls());
    data.writeLong(value.errors());
    data.writeLong(value.maxGapMillis());
    data.flush();
  }

  @Override
  public SessionFeatures decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    return new SessionFeatures(
        new Instant(data.readLong()),
        new Instant(data.readLong()),
        data.readLong(),
        data.readLong(),
        data.readLong(),
        data.readLong(),
        data.readLong());
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof SessionFeaturesCoder;
  }

  @Override
  public int hashCode() {
    return SessionFeaturesCoder.class.getName().hashCode();
  }
}
