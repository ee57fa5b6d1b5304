package dev.streamml.sessions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.streamml.events.EventParseException;
import java.nio.charset.StandardCharsets;
import org.joda.time.Instant;
import org.junit.Test;

public class AccessLogParserTest {
  private static final AccessLogParser AUTO = AccessLogParser.of(AccessLogFormat.AUTO);

  @Test
  public void readsTheBundledTsvRow() throws Exception {
    LogRequest request =
        AUTO.parse("199.72.81.55\t-\t804571201\tGET\t/history/apollo/\t200\t6245\t\t");
    assertEquals(
        LogRequest.of(
            "199.72.81.55", Instant.parse("1995-07-01T04:00:01Z"), "GET", "/history/apollo/",
            200, 6245),
        request);
  }

  @Test
  public void readsTheCommonLogFormatLineItCameFrom() throws Exception {
    LogRequest request =
        AUTO.parse(
            "199.72.81.55 - - [01/Jul/1995:00:00:01 -0400] \"GET /history/apollo/ HTTP/1.0\" 200"
                + " 6245");
    // The same request as the TSV row: 00:00:01 at -0400 is 04:00:01 UTC.
    assertEquals(
        AUTO.parse("199.72.81.55\t-\t804571201\tGET\t/history/apollo/\t200\t6245\t\t"), request);
  }

  @Test
  public void commonLogFormatWithoutProtocolDashBytesAndLineBreak() throws Exception {
    LogRequest request =
        AccessLogParser.of(AccessLogFormat.CLF)
            .parse("host.example - user [01/Aug/1995:12:30:00 +0000] \"HEAD /\" 404 -\r\n");
    assertEquals("HEAD", request.getMethod());
    assertEquals("/", request.getUrl());
    assertEquals(404, request.getStatus());
    assertEquals(0, request.getBytes());
    assertEquals(true, request.isError());
    assertEquals(Instant.parse("1995-08-01T12:30:00Z"), request.getTimestamp());
  }

  @Test
  public void tsvFormatRefusesACommonLogFormatLine() {
    assertReason(
        AccessLogParser.of(AccessLogFormat.TSV),
        "a - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1",
        "TSV row has 1 fields");
  }

  @Test
  public void badLinesSayWhy() {
    assertReason(AUTO, "", "empty line");
    assertReason(AUTO, "   ", "blank line");
    assertReason(AUTO, "host\tlogname\ttime\tmethod\turl\tresponse\tbytes", "TSV header line");
    assertReason(AUTO, "a\t-\t804571201\tGET\t/", "TSV row has 5 fields");
    assertReason(AUTO, "a\t-\tnoon\tGET\t/\t200\t1", "is not Unix seconds");
    assertReason(AUTO, "a\t-\t-5\tGET\t/\t200\t1", "outside years");
    assertReason(AUTO, "\t-\t804571201\tGET\t/\t200\t1", "missing host");
    assertReason(AUTO, "a\t-\t804571201\t\t/\t200\t1", "missing method");
    assertReason(AUTO, "a\t-\t804571201\tGET\t\t200\t1", "missing url");
    assertReason(AUTO, "a\t-\t804571201\tGET\t/\tOK\t1", "not an HTTP status code");
    assertReason(AUTO, "a\t-\t804571201\tGET\t/\t700\t1", "not an HTTP status (100..599)");
    assertReason(AUTO, "a\t-\t804571201\tGET\t/\t200\tmany", "not a whole number or -");
    assertReason(AUTO, "a\t-\t804571201\tGET\t/\t200\t-3", "bytes -3 is negative");
    assertReason(AUTO, "a\t-\t804571201\tGET\t/\t200\t1\tx", "non-empty field 8");
    assertReason(AUTO, "this is not a log line", "not a Common Log Format line");
    assertReason(
        AUTO, "a - - [32/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0\" 200 1", "is not dd/MMM");
    assertReason(AUTO, "a - - [01/Jul/1995:00:00:01 -0400] \"GET\" 200 1", "not METHOD URL");
    assertReason(
        AUTO, "a - - [01/Jul/1995:00:00:01 -0400] \"GET / HTTP/1.0 x\" 200 1", "not METHOD URL");
  }

  @Test
  public void badBytesSayWhy() {
    assertReason(AUTO, new byte[0], "empty line");
    assertReason(AUTO, new byte[] {'a', '\t', (byte) 0xC3, (byte) 0x28}, "not valid UTF-8");
    byte[] huge = new byte[AccessLogParser.MAX_LINE_BYTES + 1];
    java.util.Arrays.fill(huge, (byte) 'a');
    assertReason(AUTO, huge, "more than " + AccessLogParser.MAX_LINE_BYTES);
  }

  @Test
  public void formatNames() {
    assertEquals(AccessLogFormat.CLF, AccessLogFormat.parse(" clf "));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AccessLogFormat.parse("json"));
    assertThat(e.getMessage(), containsString("accepted: auto, tsv, clf"));
  }

  private static void assertReason(AccessLogParser parser, String line, String reason) {
    assertReason(parser, line.getBytes(StandardCharsets.UTF_8), reason);
  }

  private static void assertReason(AccessLogParser parser, byte[] line, String reason) {
    EventParseException e = assertThrows(EventParseException.class, () -> parser.parse(line));
    assertThat(e.getMessage(), containsString(reason));
  }
}
