package dev.streamml.sessions;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import dev.streamml.events.DeadLetter;
import dev.streamml.events.RawRecord;
import dev.streamml.events.RawRecordCoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

public class ParseAccessLogTest {
  private static final Instant RECORD_TIME = Instant.parse("2024-01-01T00:00:00Z");

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void requestsKeyedByHostAtTheirOwnTimeAndBadLinesAsDeadLetters() {
    RawRecord tsv = record("in24.inetnebr.com\t-\t807249601\tGET\t/\t200\t1839\t\t".getBytes(UTF8));
    RawRecord clf =
        record(
            ("uplherc.upl.com - - [01/Aug/1995:00:00:07 -0400] \"GET / HTTP/1.0\" 304 0")
                .getBytes(UTF8));
    RawRecord header = record("host\tlogname\ttime\tmethod\turl\tresponse\tbytes".getBytes(UTF8));
    RawRecord binary = RawRecord.of(new byte[] {(byte) 0xFF, 0, 1}, "topic", 2, 42, RECORD_TIME);

    ParseAccessLog.Result parsed =
        pipeline
            .apply(Create.of(List.of(tsv, clf, header, binary)).withCoder(RawRecordCoder.of()))
            .apply(ParseAccessLog.with(AccessLogFormat.AUTO));

    PAssert.that(parsed.requests())
        .containsInAnyOrder(
            KV.of(
                "in24.inetnebr.com",
                LogRequest.of(
                    "in24.inetnebr.com", Instant.parse("1995-08-01T04:00:01Z"), "GET", "/", 200,
                    1839)),
            KV.of(
                "uplherc.upl.com",
                LogRequest.of(
                    "uplherc.upl.com", Instant.parse("1995-08-01T04:00:07Z"), "GET", "/", 304,
                    0)));
    PAssert.that(parsed.deadLetters())
        .satisfies(
            letters -> {
              int count = 0;
              for (DeadLetter letter : letters) {
                count++;
                assertEquals(ParseAccessLog.STAGE, letter.getStage());
                if (letter.getRecord().equals(header)) {
                  assertEquals("TSV header line, not a request", letter.getReason());
                } else {
                  assertArrayEquals(binary.getPayload(), letter.getPayload());
                  assertEquals(42, letter.getRecord().getOffset());
                  assertEquals("not valid UTF-8", letter.getReason());
                }
              }
              assertEquals(2, count);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static RawRecord record(byte[] payload) {
    return RawRecord.of(payload, "topic", 0, 7, RECORD_TIME);
  }
}
