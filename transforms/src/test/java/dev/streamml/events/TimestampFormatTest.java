package dev.streamml.events;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests of {@link TimestampFormat}. Expected epoch millis were computed by hand. */
@RunWith(JUnit4.class)
public class TimestampFormatTest {

  /** 2024-01-01T00:00:00Z. */
  private static final long NEW_YEAR_MILLIS = 1_704_067_200_000L;

  /** 2014-04-10T00:02:00Z, the first NAB machine_temperature row. */
  private static final long NAB_MILLIS = 1_397_088_120_000L;

  private static final String NOT_A_TIME =
      "' is not ISO-8601 or yyyy-MM-dd HH:mm:ss or a Unix time";

  private static long auto(String text) throws EventParseException {
    return TimestampFormat.AUTO.parse(text).getMillis();
  }

  private static void assertRejected(TimestampFormat format, String text, String reason) {
    EventParseException e = assertThrows(EventParseException.class, () -> format.parse(text));
    assertEquals(reason, e.getMessage());
  }

  private static void assertRejectedNumber(TimestampFormat format, double number, String reason) {
    EventParseException e =
        assertThrows(EventParseException.class, () -> format.fromNumber(number));
    assertEquals(reason, e.getMessage());
  }

  // --- AUTO: numbers ----------------------------------------------------------------------------

  @Test
  public void autoReadsSmallIntegersAsSeconds() throws Exception {
    assertEquals(1_700_000_000_000L, auto("1700000000"));
    assertEquals(1_700_000_000_000L, TimestampFormat.AUTO.fromNumber(1.7e9).getMillis());
    assertEquals(0L, auto("0"));
    assertEquals(-1_000L, auto("-1"));
    assertEquals(1_500L, auto("1.5"));
    assertEquals(1_700_000_000_250L, TimestampFormat.AUTO.fromNumber(1_700_000_000.25).getMillis());
  }

  @Test
  public void autoReadsLargeIntegersAsMillis() throws Exception {
    assertEquals(1_700_000_000_000L, auto("1700000000000"));
    assertEquals(
        1_700_000_000_123L, TimestampFormat.AUTO.fromNumber(1_700_000_000_123.0).getMillis());
  }

  @Test
  public void autoSwitchesFromSecondsToMillisAtTheLimit() throws Exception {
    assertEquals(100_000_000_000L, TimestampFormat.SECONDS_LIMIT);
    // just below: seconds (year 5138)
    assertEquals(99_999_999_999_000L, auto("99999999999"));
    // at the limit: millis (1973-03-03T09:46:40Z)
    assertEquals(100_000_000_000L, auto("100000000000"));
    assertEquals(Instant.parse("1973-03-03T09:46:40Z"), TimestampFormat.AUTO.parse("100000000000"));
    // negative values use the magnitude
    assertEquals(-99_999_999_999_000L, auto("-99999999999"));
    assertEquals(-100_000_000_000L, auto("-100000000000"));
  }

  @Test
  public void autoTrimsWhitespace() throws Exception {
    assertEquals(1_700_000_000_000L, auto("  1700000000 \t"));
    assertEquals(NEW_YEAR_MILLIS, auto(" 2024-01-01T00:00:00Z\n"));
  }

  @Test
  public void epochSecondsAndMillisAreNotGuessed() throws Exception {
    assertEquals(
        1_700_000_000_000_000L, TimestampFormat.EPOCH_SECONDS.parse("1700000000000").getMillis());
    assertEquals(1_500L, TimestampFormat.EPOCH_SECONDS.parse("1.5").getMillis());
    assertEquals(1_700_000_000L, TimestampFormat.EPOCH_MILLIS.parse("1700000000").getMillis());
    assertEquals(1_700_000_000L, TimestampFormat.EPOCH_MILLIS.fromNumber(1.7e9).getMillis());
    assertEquals(1_700_000_000_000L, TimestampFormat.EPOCH_SECONDS.fromNumber(1.7e9).getMillis());
  }

  // --- ISO-8601 ---------------------------------------------------------------------------------

  @Test
  public void isoWithZ() throws Exception {
    assertEquals(NEW_YEAR_MILLIS, auto("2024-01-01T00:00:00Z"));
    assertEquals(NEW_YEAR_MILLIS, auto("2024-01-01T00:00Z"));
    assertEquals(NEW_YEAR_MILLIS + 500, auto("2024-01-01T00:00:00.5Z"));
    assertEquals(NEW_YEAR_MILLIS + 123, auto("2024-01-01T00:00:00.123Z"));
    assertEquals(
        NEW_YEAR_MILLIS, TimestampFormat.ISO_8601.parse("2024-01-01T00:00:00Z").getMillis());
  }

  @Test
  public void isoWithOffsetIsConvertedToUtc() throws Exception {
    assertEquals(NEW_YEAR_MILLIS, auto("2024-01-01T01:30:00+01:30"));
    assertEquals(NEW_YEAR_MILLIS, auto("2023-12-31T19:00:00-05:00"));
    assertEquals(NEW_YEAR_MILLIS, auto("2024-01-01T00:00:00+00:00"));
    assertEquals(
        NEW_YEAR_MILLIS, TimestampFormat.ISO_8601.parse("2024-01-01T09:00:00+09:00").getMillis());
  }

  @Test
  public void isoWithoutOffsetIsUtc() throws Exception {
    assertEquals(NEW_YEAR_MILLIS, auto("2024-01-01T00:00:00"));
    assertEquals(NAB_MILLIS, auto("2014-04-10T00:02:00"));
  }

  // --- yyyy-MM-dd HH:mm:ss (NAB) ----------------------------------------------------------------

  @Test
  public void nabStyleIsUtc() throws Exception {
    assertEquals(NAB_MILLIS, auto("2014-04-10 00:02:00"));
    assertEquals(1_386_018_900_000L, auto("2013-12-02 21:15:00"));
    assertEquals(NEW_YEAR_MILLIS, auto("2024-01-01 00:00:00"));
    // leap day
    assertEquals(1_709_208_000_000L, auto("2024-02-29 12:00:00"));
    // without seconds
    assertEquals(NAB_MILLIS, auto("2014-04-10 00:02"));
    assertEquals(NAB_MILLIS, TimestampFormat.ISO_8601.parse("2014-04-10 00:02:00").getMillis());
  }

  @Test
  public void nabStyleWithFraction() throws Exception {
    assertEquals(NAB_MILLIS + 123, auto("2014-04-10 00:02:00.123"));
    assertEquals(NAB_MILLIS + 500, auto("2014-04-10 00:02:00.5"));
    // sub-millisecond digits are truncated
    assertEquals(NAB_MILLIS + 123, auto("2014-04-10 00:02:00.123456789"));
  }

  // --- rejections -------------------------------------------------------------------------------

  @Test
  public void rejectsEmptyText() {
    assertRejected(TimestampFormat.AUTO, "", "timestamp is empty");
    assertRejected(TimestampFormat.AUTO, "   ", "timestamp is empty");
    assertRejected(TimestampFormat.ISO_8601, "\t", "timestamp is empty");
  }

  @Test
  public void rejectsTextThatIsNoTime() {
    assertRejected(TimestampFormat.AUTO, "yesterday", "timestamp 'yesterday" + NOT_A_TIME);
    assertRejected(TimestampFormat.AUTO, "2014-04-10", "timestamp '2014-04-10" + NOT_A_TIME);
    assertRejected(
        TimestampFormat.AUTO, "10/04/2014 00:02:00", "timestamp '10/04/2014 00:02:00" + NOT_A_TIME);
    assertRejected(TimestampFormat.AUTO, "1e9", "timestamp '1e9" + NOT_A_TIME);
    assertRejected(TimestampFormat.AUTO, "1,5", "timestamp '1,5" + NOT_A_TIME);
    assertRejected(TimestampFormat.AUTO, "--1", "timestamp '--1" + NOT_A_TIME);
    assertRejected(TimestampFormat.AUTO, "1.2.3", "timestamp '1.2.3" + NOT_A_TIME);
  }

  @Test
  public void rejectsALoneDotOrMinusWithoutNumberFormatException() {
    // These used to escape as NumberFormatException from Double.parseDouble.
    assertRejected(TimestampFormat.AUTO, ".", "timestamp '." + NOT_A_TIME);
    assertRejected(TimestampFormat.AUTO, "-.", "timestamp '-." + NOT_A_TIME);
    assertRejected(TimestampFormat.AUTO, "-", "timestamp '-" + NOT_A_TIME);
    assertRejected(
        TimestampFormat.EPOCH_SECONDS, ".", "timestamp '.' is not a number (EPOCH_SECONDS)");
  }

  @Test
  public void rejectsInvalidCalendarFields() {
    assertRejected(
        TimestampFormat.AUTO,
        "2024-13-01T00:00:00Z",
        "timestamp '2024-13-01T00:00:00Z" + NOT_A_TIME);
    assertRejected(
        TimestampFormat.AUTO, "2024-01-01 25:00:00", "timestamp '2024-01-01 25:00:00" + NOT_A_TIME);
    assertRejected(
        TimestampFormat.AUTO, "2024-01-01 00:60:00", "timestamp '2024-01-01 00:60:00" + NOT_A_TIME);
    assertRejected(
        TimestampFormat.AUTO,
        "2024-01-01T00:00:00+25:00",
        "timestamp '2024-01-01T00:00:00+25:00" + NOT_A_TIME);
  }

  @Test
  public void rejectsDaysThatDoNotExistInsteadOfMovingThem() {
    // Used to become 2023-02-28 silently (SMART resolver) without an offset.
    assertRejected(
        TimestampFormat.AUTO, "2023-02-30 00:00:00", "timestamp '2023-02-30 00:00:00" + NOT_A_TIME);
    assertRejected(
        TimestampFormat.AUTO, "2023-02-29T12:00:00", "timestamp '2023-02-29T12:00:00" + NOT_A_TIME);
    assertRejected(
        TimestampFormat.AUTO, "2023-04-31 00:00", "timestamp '2023-04-31 00:00" + NOT_A_TIME);
    assertRejected(
        TimestampFormat.AUTO,
        "2023-02-30T00:00:00Z",
        "timestamp '2023-02-30T00:00:00Z" + NOT_A_TIME);
  }

  @Test
  public void rejectsYearsBeyondEpochMillisWithoutArithmeticException() {
    // java.time parses these; epoch millis overflow a long (used to escape as ArithmeticException).
    assertRejected(
        TimestampFormat.AUTO,
        "+999999999-01-01T00:00:00Z",
        "timestamp '+999999999-01-01T00:00:00Z' is out of the representable range");
    assertRejected(
        TimestampFormat.AUTO,
        "-999999999-01-01 00:00:00",
        "timestamp '-999999999-01-01 00:00:00' is out of the representable range");
  }

  @Test
  public void epochFormatsRejectText() {
    assertRejected(
        TimestampFormat.EPOCH_MILLIS,
        "2024-01-01T00:00:00Z",
        "timestamp '2024-01-01T00:00:00Z' is not a number (EPOCH_MILLIS)");
    assertRejected(
        TimestampFormat.EPOCH_SECONDS, "abc", "timestamp 'abc' is not a number (EPOCH_SECONDS)");
  }

  @Test
  public void isoFormatRejectsNumbers() {
    assertRejected(TimestampFormat.ISO_8601, "1700000000", "timestamp '1700000000" + NOT_A_TIME);
    assertRejectedNumber(
        TimestampFormat.ISO_8601, 1.7e9, "timestamp format ISO_8601 expects text, got 1.7E9");
  }

  @Test
  public void rejectsNonFiniteNumbers() {
    assertRejectedNumber(TimestampFormat.AUTO, Double.NaN, "timestamp is not a finite number: NaN");
    assertRejectedNumber(
        TimestampFormat.EPOCH_MILLIS,
        Double.POSITIVE_INFINITY,
        "timestamp is not a finite number: Infinity");
    assertRejectedNumber(
        TimestampFormat.EPOCH_SECONDS,
        Double.NEGATIVE_INFINITY,
        "timestamp is not a finite number: -Infinity");
  }

  @Test
  public void longTextIsAbbreviatedAndKeptOnOneLine() {
    String longText = "x".repeat(100);
    assertRejected(
        TimestampFormat.AUTO, longText, "timestamp '" + "x".repeat(61) + "..." + NOT_A_TIME);
    assertRejected(TimestampFormat.AUTO, "2024\n01", "timestamp '2024\\n01" + NOT_A_TIME);
  }
}
