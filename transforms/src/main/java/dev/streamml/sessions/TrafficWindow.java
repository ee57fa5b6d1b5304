package dev.streamml.sessions;

import dev.streamml.features.PaneTiming;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.joda.time.Instant;

/**
 * Traffic of all hosts in one event-time window (one pane of it), from {@link TrafficFigures}:
 * requests, requests per second over the window's length, response bytes, the share of 4xx/5xx
 * answers, and the most requested URLs and most active hosts with their counts.
 *
 * <pre>{@code
 * double rate = window.requestsPerSecond();
 * String busiest = window.topUrls().get(0).item();
 * }</pre>
 */
@DefaultCoder(TrafficWindowCoder.class)
public final class TrafficWindow implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Instant windowStart;
  private final Instant windowEnd;
  private final PaneTiming timing;
  private final long paneIndex;
  private final boolean isFinal;
  private final long requests;
  private final long bytes;
  private final long errors;
  private final List<TopItem> topUrls;
  private final List<TopItem> topHosts;

  TrafficWindow(
      Instant windowStart,
      Instant windowEnd,
      PaneTiming timing,
      long paneIndex,
      boolean isFinal,
      long requests,
      long bytes,
      long errors,
      List<TopItem> topUrls,
      List<TopItem> topHosts) {
    this.windowStart = Objects.requireNonNull(windowStart);
    this.windowEnd = Objects.requireNonNull(windowEnd);
    this.timing = Objects.requireNonNull(timing);
    this.paneIndex = paneIndex;
    this.isFinal = isFinal;
    this.requests = requests;
    this.bytes = bytes;
    this.errors = errors;
    this.topUrls = List.copyOf(topUrls);
    this.topHosts = List.copyOf(topHosts);
  }

  public Instant windowStart() {
    return windowStart;
  }

  public Instant windowEnd() {
    return windowEnd;
  }

  public PaneTiming timing() {
    return timing;
  }

  public long paneIndex() {
    return paneIndex;
  }

  public boolean isFinal() {
    return isFinal;
  }

  public long requests() {
    return requests;
  }

  /** Requests divided by the window's length in seconds. */
  public double requestsPerSecond() {
    return requests / ((windowEnd.getMillis() - windowStart.getMillis()) / 1000.0);
  }

  public long bytes() {
    return bytes;
  }

  public long errors() {
    return errors;
  }

  public double errorRatio() {
    return requests == 0 ? 0.0 : (double) errors / requests;
  }

  /** The most requested URLs, most first (ties by URL). */
  public List<TopItem> topUrls() {
    return topUrls;
  }

  /** The hosts with the most requests, most first (ties by host). */
  public List<TopItem> topHosts() {
    return topHosts;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof TrafficWindow)) {
      return false;
    }
    TrafficWindow that = (TrafficWindow) other;
    return windowStart.equals(that.windowStart)
        && windowEnd.equals(that.windowEnd)
        && timing == that.timing
        && paneIndex == that.paneIndex
        && isFinal == that.isFinal
        && requests == that.requests
        && bytes == that.bytes
        && errors == that.errors
        && topUrls.equals(that.topUrls)
        && topHosts.equals(that.topHosts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(windowStart, windowEnd, timing, paneIndex, requests, bytes, errors);
  }

  @Override
  public String toString() {
    return "TrafficWindow{[" + windowStart + ", " + windowEnd + ") " + timing + "#" + paneIndex
        + " requests=" + requests + ", bytes=" + bytes + ", errors=" + errors + ", topUrls="
        + topUrls + "}";
  }
}
