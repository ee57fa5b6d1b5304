package dev.streamml.windowing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Duration;

/**
 * The short text form of durations used by {@link WindowSpec} and {@link TriggerSpec}: a whole
 * number and one unit of {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, or a bare {@code
 * 0}.
 *
 * <pre>{@code
 * Duration d = DurationText.parse("90s");   // 90 seconds
 * DurationText.format(d);                   // "90s"
 * DurationText.format(Duration.standardMinutes(60)); // "1h"
 * }</pre>
 */
public final class DurationText {
  /** Examples quoted in error messages so a user sees what to write. */
  static final String EXAMPLES = "durations like 500ms, 30s, 1m, 2h, 1d";

  private static final Pattern FORM = Pattern.compile("(\\d{1,15})(ms|s|m|h|d)");

  private enum Unit {
    // Largest first: format() picks the first unit that divides the duration exactly.
    DAYS("d", Duration.standardDays(1).getMillis()),
    HOURS("h", Duration.standardHours(1).getMillis()),
    MINUTES("m", Duration.standardMinutes(1).getMillis()),
    SECONDS("s", Duration.standardSeconds(1).getMillis()),
    MILLIS("ms", 1L);

    private final String symbol;
    private final long millis;

    Unit(String symbol, long millis) {
      this.symbol = symbol;
      this.millis = millis;
    }

    static Unit ofSymbol(String symbol) {
      for (Unit unit : values()) {
        if (unit.symbol.equals(symbol)) {
          return unit;
        }
      }
      throw new IllegalArgumentException("unknown unit '" + symbol + "'");
    }
  }

  private DurationText() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException saying {@code bad duration '<text>'} when it is not of the
   *     form
   */
  public static Duration parse(String text) {
    if ("0".equals(text)) {
      return Duration.ZERO;
    }
    Matcher matcher = FORM.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("bad duration '" + text + "'");
    }
    long amount = Long.parseLong(matcher.group(1));
    Unit unit = Unit.ofSymbol(matcher.group(2));
    try {
      return Duration.millis(Math.multiplyExact(amount, unit.millis));
    } catch (ArithmeticException tooLong) {
      throw new IllegalArgumentException("bad duration '" + text + "': too long");
    }
  }

  /** The shortest text that {@link #parse} reads back as {@code duration}. */
  public static String format(Duration duration) {
    long millis = duration.getMillis();
    if (millis == 0) {
      return "0";
    }
    for (Unit unit : Unit.values()) {
      if (millis % unit.millis == 0) {
        return (millis / unit.millis) + unit.symbol;
      }
    }
    throw new AssertionError("every duration is a whole number of milliseconds");
  }
}
