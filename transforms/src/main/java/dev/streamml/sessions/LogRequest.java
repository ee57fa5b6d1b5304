package dev.streamml.sessions;

import java.io.Serializable;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.joda.time.Instant;

/**
 * One request of a web server's access log: who asked (host), when, what (method and URL), and how
 * the server answered (status code and bytes sent).
 *
 * <pre>{@code
 * LogRequest request =
 *     AccessLogParser.of(AccessLogFormat.AUTO)
 *         .parse("199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] \"GET /history/apollo/ HTTP/1.0\""
 *             + " 200 6245");
 * request.getHost();     // "199.72.81.55"
 * request.getTimestamp(); // 1995-07-01T04:00:01Z
 * request.isError();     // false
 * }</pre>
 */
@DefaultCoder(LogRequestCoder.class)
public final class LogRequest implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String host;
  private final Instant timestamp;
  private final String method;
  private final String url;
  private final int status;
  private final long bytes;

  private LogRequest(
      String host, Instant timestamp, String method, String url, int status, long bytes) {
    this.host = Objects.requireNonNull(host, "host");
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    this.method = Objects.requireNonNull(method, "method");
    this.url = Objects.requireNonNull(url, "url");
    this.status = status;
    this.bytes = bytes;
  }

  /**
   * A request; {@code status} must be an HTTP status code (100 to 599) and {@code bytes} at least 0.
   */
  public static LogRequest of(
      String host, Instant timestamp, String method, String url, int status, long bytes) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status must be in 100..599, found " + status);
    }
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0, found " + bytes);
    }
    return new LogRequest(host, timestamp, method, url, status, bytes);
  }

  public String getHost() {
    return host;
  }

  /** When the request was made: the event time. */
  public Instant getTimestamp() {
    return timestamp;
  }

  public String getMethod() {
    return method;
  }

  public String getUrl() {
    return url;
  }

  public int getStatus() {
    return status;
  }

  /** Bytes sent in the response body; 0 when the log says {@code -}. */
  public long getBytes() {
    return bytes;
  }

  /** Whether the server answered with a client or server error (status 400 to 599). */
  public boolean isError() {
    return status >= 400;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof LogRequest)) {
      return false;
    }
    LogRequest that = (LogRequest) other;
    return host.equals(that.host)
        && timestamp.equals(that.timestamp)
        && method.equals(that.method)
        && url.equals(that.url)
        && status == that.status
        && bytes == that.bytes;
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, timestamp, method, url, status, bytes);
  }

  @Override
  public String toString() {
    return "LogRequest{" + host + " " + timestamp + " " + method + " " + url + " " + status + " "
        + bytes + "}";
  }
}
