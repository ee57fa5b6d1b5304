package dev.streamml.pipelines.demo;

import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The text of a {@link ProgressLine} for work of known size: count done of total, percent, rate
 * and time left, e.g. {@code predictions 12000/45312 (26.5%) | 3105/s | ETA 11s}.
 *
 * <pre>{@code
 * AtomicLong done = new AtomicLong(-1);
 * try (ProgressLine line =
 *     ProgressLine.start(System.err, ProgressText.counting("rows", done::get, 45_312))) {
 *   ... work that updates done ...
 * }
 * }</pre>
 */
public final class ProgressText {
  private ProgressText() {}

  /**
   * A supplier of the progress text; {@code done} may be negative while unknown (shown as "-").
   * The rate and time left are measured from the first call.
   */
  public static Supplier<String> counting(String what, LongSupplier done, long total) {
    long start = System.nanoTime();
    return () -> format(what, done.getAsLong(), total, (System.nanoTime() - start) / 1e9);
  }

  /** The text for {@code done} of {@code total} after {@code seconds}. */
  public static String format(String what, long done, long total, double seconds) {
    if (done < 0) {
      return String.format(Locale.ROOT, "%s -/%d", what, total);
    }
    double rate = seconds > 0 ? done / seconds : 0;
    String eta =
        done >= total ? "done" : rate > 0 ? "ETA " + duration((total - done) / rate) : "ETA -";
    return String.format(
        Locale.ROOT,
        "%s %d/%d (%.1f%%) | %.0f/s | %s",
        what,
        done,
        total,
        total > 0 ? 100.0 * done / total : 100.0,
        rate,
        eta);
  }

  /**
   * {@code text} followed by a second figure that has no total of its own, e.g. {@code rows read
   * 12000/45312 (26.5%) | 3105/s | ETA 11s | predictions 0}; a negative count shows as "-".
   */
  public static Supplier<String> followedBy(Supplier<String> text, String what, LongSupplier count) {
    return () -> {
      long n = count.getAsLong();
      return text.get() + " | " + what + " " + (n < 0 ? "-" : Long.toString(n));
    };
  }

  /** Seconds as {@code 42s}, {@code 3m07s} or {@code 1h02m}. */
  public static String duration(double seconds) {
    long s = Math.round(seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
