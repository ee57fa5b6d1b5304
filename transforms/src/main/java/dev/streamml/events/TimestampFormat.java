package dev.streamml.events;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;
import org.joda.time.Instant;

/**
 * How a timestamp field is read.
 *
 * <p>{@link #AUTO} reads integers below {@value #SECONDS_LIMIT} as Unix seconds and larger ones as
 * Unix milliseconds (1e11 seconds is the year 5138, 1e11 milliseconds is 1973), and text as
 * ISO-8601 ({@code 2024-01-01T00:00:00Z}, with or without offset) or as {@code yyyy-MM-dd
 * HH:mm:ss[.SSS]}; text without an offset is UTC.
 *
 * <pre>{@code
 * Instant t = TimestampFormat.AUTO.parse("2014-04-10 00:02:00");
 * EventFormat format = EventFormat.json().withTimestampFormat(TimestampFormat.EPOCH_SECONDS);
 * }</pre>
 */
public enum TimestampFormat {
  AUTO,
  EPOCH_MILLIS,
  EPOCH_SECONDS,
  ISO_8601;

  /** Integers below this are seconds under {@link #AUTO}. */
  public static final long SECONDS_LIMIT = 100_000_000_000L;

  private static final DateTimeFormatter LOCAL =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .toFormatter(Locale.ROOT)
          // STRICT, as ISO_OFFSET_DATE_TIME is: SMART would turn 2023-02-30 into 2023-02-28.
          .withResolverStyle(ResolverStyle.STRICT);

  /** Reads a numeric timestamp field. */
  public Instant fromNumber(double number) throws EventParseException {
    if (!Double.isFinite(number)) {
      throw new EventParseException("timestamp is not a finite number: " + number);
    }
    switch (this) {
      case EPOCH_MILLIS:
        return new Instant((long) number);
      case EPOCH_SECONDS:
        return new Instant(Math.round(number * 1000.0));
      case AUTO:
        return Math.abs(number) < SECONDS_LIMIT
            ? new Instant(Math.round(number * 1000.0))
            : new Instant((long) number);
      default:
        throw new EventParseException("timestamp format " + this + " expects text, got " + number);
    }
  }

  /** Reads a textual timestamp field. */
  public Instant parse(String text) throws EventParseException {
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      throw new EventParseException("timestamp is empty");
    }
    if (this != ISO_8601 && isNumber(trimmed)) {
      return fromNumber(Double.parseDouble(trimmed));
    }
    if (this == EPOCH_MILLIS || this == EPOCH_SECONDS) {
      throw new EventParseException(
          "timestamp '" + abbreviate(trimmed) + "' is not a number (" + this + ")");
    }
    java.time.Instant instant;
    try {
      instant = OffsetDateTime.parse(trimmed).toInstant();
    } catch (DateTimeParseException notWithOffset) {
      try {
        instant = LocalDateTime.parse(trimmed, LOCAL).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        throw new EventParseException(
            "timestamp '"
                + abbreviate(trimmed)
                + "' is not ISO-8601 or yyyy-MM-dd HH:mm:ss or a Unix time");
      }
    }
    try {
      return new Instant(instant.toEpochMilli());
    } catch (ArithmeticException outOfRange) {
      // java.time reaches the year 999999999; epoch millis in a long do not.
      throw new EventParseException(
          "timestamp '" + abbreviate(trimmed) + "' is out of the representable range");
    }
  }

  private static boolean isNumber(String text) {
    int start = text.charAt(0) == '-' ? 1 : 0;
    if (start == text.length()) {
      return false;
    }
    boolean dot = false;
    boolean digit = false;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.' && !dot) {
        dot = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else {
        return false;
      }
    }
    // "." and "-." have no digit: Double.parseDouble would throw NumberFormatException.
    return digit;
  }

  /** The text for a one-line reason: line breaks escaped, cut to 64 characters. */
  static String abbreviate(String text) {
    String oneLine = text.replace("\r", "\\r").replace("\n", "\\n");
    return oneLine.length() <= 64 ? oneLine : oneLine.substring(0, 61) + "...";
  }
}
