package dev.streamml.windowing;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.joda.time.Duration;

/**
 * Which event-time windows to group by: fixed, sliding or session windows, written as short text so
 * that pipelines can take them from options.
 *
 * <table>
 *   <caption>Text forms</caption>
 *   <tr><th>text</th><th>meaning</th><th>Beam {@link WindowFn}</th></tr>
 *   <tr><td>{@code fixed:1m}</td><td>one-minute tumbling windows</td>
 *       <td>{@link FixedWindows}</td></tr>
 *   <tr><td>{@code sliding:10m/1m}</td><td>ten-minute windows starting every minute
 *       (size/period; the period must not exceed the size, it need not divide it)</td>
 *       <td>{@link SlidingWindows}</td></tr>
 *   <tr><td>{@code session:30m}</td><td>per-key sessions closed by 30 minutes without events</td>
 *       <td>{@link Sessions}</td></tr>
 * </table>
 *
 * <p>Durations are a whole number with a unit of {@code ms}, {@code s}, {@code m}, {@code h} or
 * {@code d}, and must be positive. Every spec is checked when it is built: a bad one throws {@link
 * IllegalArgumentException} naming the bad part and the accepted forms. {@link #toString()} gives
 * the canonical text, which {@link #parse} reads back to an equal spec.
 *
 * <pre>{@code
 * WindowSpec spec = WindowSpec.parse("sliding:10m/1m");
 * spec.equals(
 *     WindowSpec.sliding(Duration.standardMinutes(10), Duration.standardMinutes(1))); // true
 * spec.toString();                        // "sliding:10m/1m"
 * WindowSpec.parse("sliding:600s/60s").toString(); // "sliding:10m/1m"
 * events.apply(Window.into(spec.toWindowFn()));
 * }</pre>
 */
public final class WindowSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The accepted text forms, quoted in every parse error. */
  public static final String ACCEPTED_FORMS =
      "fixed:<duration>, sliding:<size>/<period>, session:<gap> (" + DurationText.EXAMPLES + ")";

  /** The kinds of window a spec can describe. */
  public enum Kind {
    /** Tumbling windows of one size, aligned to the epoch. */
    FIXED,
    /** Windows of one size starting every period, aligned to the epoch; they overlap. */
    SLIDING,
    /** Per-key windows that grow while events keep arriving within the gap, and merge. */
    SESSION;

    /** The name used in the text form, e.g. {@code fixed}. */
    public String textName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Kind kind;

  /** Window size for fixed and sliding windows; the gap for sessions. */
  private final Duration length;

  /** Distance between window starts: the size for fixed windows, the gap for sessions. */
  private final Duration period;

  private WindowSpec(Kind kind, Duration length, Duration period) {
    this.kind = kind;
    this.length = length;
    this.period = period;
  }

  /**
   * Fixed (tumbling) windows of {@code size}.
   *
   * @throws IllegalArgumentException if {@code size} is null or not positive
   */
  public static WindowSpec fixed(Duration size) {
    checkPositive("fixed window size", size);
    return new WindowSpec(Kind.FIXED, size, size);
  }

  /**
   * Sliding windows of {@code size} starting every {@code period}.
   *
   * @throws IllegalArgumentException if either is null or not positive, or the period exceeds the
   *     size
   */
  public static WindowSpec sliding(Duration size, Duration period) {
    checkPositive("sliding window size", size);
    checkPositive("sliding window period", period);
    if (period.isLongerThan(size)) {
      throw new IllegalArgumentException(
          "sliding window period "
              + DurationText.format(period)
              + " must not exceed the size "
              + DurationText.format(size));
    }
    return new WindowSpec(Kind.SLIDING, size, period);
  }

  /**
   * Session windows closed by {@code gap} without events for the key.
   *
   * @throws IllegalArgumentException if {@code gap} is null or not positive
   */
  public static WindowSpec session(Duration gap) {
    checkPositive("session gap", gap);
    return new WindowSpec(Kind.SESSION, gap, gap);
  }

  /**
   * Reads a spec from its text form: {@code fixed:<duration>}, {@code sliding:<size>/<period>} or
   * {@code session:<gap>}. Surrounding blanks are ignored.
   *
   * @throws IllegalArgumentException naming the bad part and the accepted forms
   */
  public static WindowSpec parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException(
          "invalid window spec: null; accepted forms: " + ACCEPTED_FORMS);
    }
    try {
      return parseChecked(text.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid window spec '"
              + text
              + "': "
              + e.getMessage()
              + "; accepted forms: "
              + ACCEPTED_FORMS,
          e);
    }
  }

  private static WindowSpec parseChecked(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("expected <kind>:<durations>, found no ':'");
    }
    String kindText = text.substring(0, colon);
    String durations = text.substring(colon + 1);
    switch (kindText) {
      case "fixed":
        return fixed(DurationText.parse(durations));
      case "sliding":
        int slash = durations.indexOf('/');
        if (slash < 0) {
          throw new IllegalArgumentException(
              "sliding windows need <size>/<period>, found '" + durations + "'");
        }
        return sliding(
            DurationText.parse(durations.substring(0, slash)),
            DurationText.parse(durations.substring(slash + 1)));
      case "session":
        return session(DurationText.parse(durations));
      default:
        throw new IllegalArgumentException("unknown kind '" + kindText + "'");
    }
  }

  private static void checkPositive(String what, Duration duration) {
    if (duration == null) {
      throw new IllegalArgumentException(what + " must be given, found null");
    }
    if (!duration.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          what + " must be > 0, found " + DurationText.format(duration));
    }
  }

  /** Which kind of windows this spec describes. */
  public Kind kind() {
    return kind;
  }

  /**
   * The Beam window function: {@link FixedWindows}, {@link SlidingWindows} or {@link Sessions}. All
   * three assign {@link IntervalWindow}s.
   */
  public WindowFn<Object, IntervalWindow> toWindowFn() {
    switch (kind) {
      case FIXED:
        return FixedWindows.of(length);
      case SLIDING:
        return SlidingWindows.of(length).every(period);
      case SESSION:
        return Sessions.withGapDuration(length);
    }
    throw new AssertionError("unhandled kind " + kind);
  }

  /** The canonical text form, e.g. {@code sliding:10m/1m}; {@link #parse} reads it back. */
  @Override
  public String toString() {
    String text = kind.textName() + ":" + DurationText.format(length);
    return kind == Kind.SLIDING ? text + "/" + DurationText.format(period) : text;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof WindowSpec)) {
      return false;
    }
    WindowSpec that = (WindowSpec) other;
    return kind == that.kind && length.equals(that.length) && period.equals(that.period);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, length, period);
  }
}
