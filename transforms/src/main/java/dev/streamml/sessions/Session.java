package dev.streamml.sessions;

import dev.streamml.features.PaneTiming;
import java.io.Serializable;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.joda.time.Instant;

/**
 * One pane of one host's session window: the host, the session window (its first request to its
 * last request plus the gap), which pane it is, and the {@link SessionFeatures} of every request
 * in the session so far (panes accumulate).
 *
 * <p>Early panes show a session still growing; the on-time pane, when the watermark passes the
 * window's end, is the session as it closed; a late pane replaces it when late requests within the
 * allowed lateness changed it. {@link #isFinal()} is the last pane the window will have.
 *
 * <pre>{@code
 * sessions.apply(Filter.by(session -> session.timing() != PaneTiming.EARLY));
 * String id = session.id();   // host@windowStart, stable across the panes of a session
 * }</pre>
 */
@DefaultCoder(SessionCoder.class)
public final class Session implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String host;
  private final Instant windowStart;
  private final Instant windowEnd;
  private final PaneTiming timing;
  private final long paneIndex;
  private final boolean isFinal;
  private final SessionFeatures features;

  private Session(
      String host,
      Instant windowStart,
      Instant windowEnd,
      PaneTiming timing,
      long paneIndex,
      boolean isFinal,
      SessionFeatures features) {
    this.host = Objects.requireNonNull(host, "host");
    this.windowStart = Objects.requireNonNull(windowStart, "windowStart");
    this.windowEnd = Objects.requireNonNull(windowEnd, "windowEnd");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.paneIndex = paneIndex;
    this.isFinal = isFinal;
    this.features = Objects.requireNonNull(features, "features");
  }

  /** A session pane. */
  public static Session of(
      String host,
      Instant windowStart,
      Instant windowEnd,
      PaneTiming timing,
      long paneIndex,
      boolean isFinal,
      SessionFeatures features) {
    return new Session(host, windowStart, windowEnd, timing, paneIndex, isFinal, features);
  }

  public String host() {
    return host;
  }

  /** The session window's start: its first request. */
  public Instant windowStart() {
    return windowStart;
  }

  /** The session window's end (exclusive): its last request plus the gap. */
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

  public SessionFeatures features() {
    return features;
  }

  /** {@code host@windowStart}: the same for every pane of a session that did not merge. */
  public String id() {
    return host + "@" + windowStart;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof Session)) {
      return false;
    }
    Session that = (Session) other;
    return host.equals(that.host)
        && windowStart.equals(that.windowStart)
        && windowEnd.equals(that.windowEnd)
        && timing == that.timing
        && paneIndex == that.paneIndex
        && isFinal == that.isFinal
        && features.equals(that.features);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, windowStart, windowEnd, timing, paneIndex, isFinal, features);
  }

  @Override
  public String toString() {
    return "Session{" + host + " [" + windowStart + ", " + windowEnd + ") " + timing + "#"
        + paneIndex + (isFinal ? " final" : "") + " " + features + "}";
  }
}
