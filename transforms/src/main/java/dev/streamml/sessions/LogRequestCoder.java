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
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;

/**
 * Deterministic coder of {@link LogRequest}: host, method and URL as UTF-8, then time, status and
 * bytes.
 *
 * <pre>{@code
 * requests.setCoder(LogRequestCoder.of());
 * }</pre>
 */
public final class LogRequestCoder extends CustomCoder<LogRequest> {
  private static final LogRequestCoder INSTANCE = new LogRequestCoder();

  private LogRequestCoder() {}

  public static LogRequestCoder of() {
    return INSTANCE;
  }

  /** What {@code @DefaultCoder} on {@link LogRequest} calls. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(LogRequest.class), INSTANCE);
  }

  @Override
  public void encode(LogRequest request, OutputStream out) throws IOException {
    StringUtf8Coder.of().encode(request.getHost(), out);
    StringUtf8Coder.of().encode(request.getMethod(), out);
    StringUtf8Coder.of().encode(request.getUrl(), out);
    DataOutputStream data = new DataOutputStream(out);
    data.writeLong(request.getTimestamp().getMillis());
    data.writeShort(request.getStatus());
    data.writeLong(request.getBytes());
    data.flush();
  }

  @Override
  public LogRequest decode(InputStream in) throws IOException {
    String host = StringUtf8Coder.of().decode(in);
    String method = StringUtf8Coder.of().decode(in);
    String url = StringUtf8Coder.of().decode(in);
    DataInputStream data = new DataInputStream(in);
    Instant timestamp = new Instant(data.readLong());
    int status = data.readShort();
    long bytes = data.readLong();
    return LogRequest.of(host, timestamp, method, url, status, bytes);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof LogRequestCoder;
  }

  @Override
  public int hashCode() {
    return LogRequestCoder.class.getName().hashCode();
  }
}
