package dev.streamml.sessions;

import java.io.Serializable;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.joda.time.Instant;

/**
 * What one session of requests looks like, computed by {@link SessionFeaturesFn}:
 *
 * <ul>
 *   <li>{@code start}, {@code end}: the first and last request times; {@code durationSeconds} the
 *       time between them (0 for one request);
 *   <li>{@code requests}, {@code bytes}: how many requests and response bytes;
 *   <li>{@code distinctUrls}: how many different URLs were asked for;
 *   <li>{@code errorRatio}: the share of requests answered with 4xx or 5xx;
 *   <li>{@code requestsPerMinute}: {@code 60 requests / max(durationSeconds, 60)}, so sessions
 *       shorter than a minute count as one minute (a 2-request session one second long is not 120
 *       requests per minute);
 *   <li>{@code meanGapSeconds}: {@code durationSeconds / (requests - 1)}, the mean time between
 *       consecutive requests (0 for one request); {@code maxGapSeconds}: the longest such gap.
 * </ul>
 *
 * <pre>{@code
 * SessionFeatures features = session.features();
 * double perMinute = features.requestsPerMinute();
 * }</pre>
 */
@DefaultCoder(SessionFeaturesCoder.class)
public final class SessionFeatures implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Instant start;
  private final Instant end;
  private final long requests;
  private final long bytes;
  private final long distinctUrls;
  private final long errors;
  private final long maxGapMillis;

  SessionFeatures(
      Instant start,
      Instant end,
      long requests,
      long bytes,
      long distinctUrls,
      long errors,
      long maxGapMillis) {
    this.start = Objects.requireNonNull(start, "start");
    this.end = Objects.requireNonNull(end, "end");
    this.requests = requests;
    this.bytes = bytes;
    this.distinctUrls = distinctUrls;
    this.errors = errors;
    this.maxGapMillis = maxGapMillis;
  }

  public Instant start() {
    return start;
  }

  public Instant end() {
    return end;
  }

  public double durationSeconds() {
    return (end.getMillis() - start.getMillis()) / 1000.0;
  }

  public long requests() {
    return requests;
  }

  public long bytes() {
    return bytes;
  }

  public long distinctUrls() {
    return distinctUrls;
  }

  /** Requests answered with a 4xx or 5xx status. */
  public long errors() {
    return errors;
  }

  public double errorRatio() {
    return requests == 0 ? 0.0 : (double) errors / requests;
  }

  public double requestsPerMinute() {
    return 60.0 * requests / Math.max(durationSeconds(), 60.0);
  }

  public double meanGapSeconds() {
    return requests < 2 ? 0.0 : durationSeconds() / (requests - 1);
  }

  public double maxGapSeconds() {
    return maxGapMillis / 1000.0;
  }

  long maxGapMillis() {
    return maxGapMillis;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof SessionFeatures)) {
      return false;
    }
    SessionFeatures that = (SessionFeatures) other;
    return start.equals(that.start)
        && end.equals(that.end)
        && requests == that.requests
        && bytes == that.bytes
        && distinctUrls == that.distinctUrls
        && errors == that.errors
        && maxGapMillis == that.maxGapMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, end, requests, bytes, distinctUrls, errors, maxGapMillis);
  }

  @Override
  public String toString() {
    return "SessionFeatures{start=" + start + ", end=" + end + ", requests=" + requests
        + ", bytes=" + bytes + ", distinctUrls=" + distinctUrls + ", errors=" + errors
        + ", maxGapSeconds=" + maxGapSeconds() + "}";
  }
}
