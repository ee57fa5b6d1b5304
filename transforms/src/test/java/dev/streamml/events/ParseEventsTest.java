package dev.streamml.events;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests of {@link ParseEvents} on the Direct runner. */
@RunWith(JUnit4.class)
public class ParseEventsTest implements Serializable {

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** 2024-01-01T00:00:00Z and the minutes after it. */
  private static final Instant T0 = new Instant(1_704_067_200_000L);

  private static final Instant T1 = new Instant(1_704_067_260_000L);
  private static final Instant T2 = new Instant(1_704_067_320_000L);
  private static final Instant T3 = new Instant(1_704_067_380_000L);
  private static final Instant T5 = new Instant(1_704_067_500_000L);

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static TimestampedValue<RawRecord> kafka(
      String json, int partition, long offset, Instant at) {
    return kafka(utf8(json), partition, offset, at);
  }

  private static TimestampedValue<RawRecord> kafka(
      byte[] bytes, int partition, long offset, Instant at) {
    // The element timestamp is the record's (broker) timestamp, as with KafkaIO.
    return TimestampedValue.of(RawRecord.of(bytes, "events", partition, offset, at), at);
  }

  // --- the JSON mix: 4 good records, 6 bad ones -------------------------------------------------

  private static final byte[] BROKEN = utf8("{\"key\":\"a\",\"timestamp\":0,\"value\":1");
  private static final byte[] NOT_UTF8 = {(byte) 0xC3, 0x28};
  private static final byte[] YEAR_1900 =
      utf8("{\"key\":\"a\",\"timestamp\":\"1900-01-01T00:00:00Z\",\"value\":1}");
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] NO_KEY = utf8("{\"timestamp\":1704067200,\"value\":1}");
  private static final byte[] DUPLICATE_FEATURE =
      utf8("{\"key\":\"a\",\"timestamp\":1704067200,\"x\":1,\"features\":{\"x\":2}}");

  private static final String OUTSIDE =
      " is outside [1970-01-01T00:00:00.000Z, 2200-01-01T00:00:00.000Z]";

  private PCollection<RawRecord> jsonMix() {
    return pipeline.apply(
        "Records",
        Create.timestamped(
                // good: payload time T0 is five minutes before the broker time
                kafka(
                    "{\"key\":\"a\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"value\":1.5}",
                    0,
                    10L,
                    T5),
                kafka(BROKEN, 0, 11L, T0),
                // good: payload time T1 is after the broker time
                kafka("{\"key\":\"b\",\"timestamp\":1704067260,\"value\":-2}", 1, 20L, T0),
                kafka(NOT_UTF8, 1, 21L, T1),
                kafka(YEAR_1900, 1, 22L, T1),
                // good: two features
                kafka("{\"key\":\"a\",\"timestamp\":1704067320000,\"x\":1,\"y\":2}", 2, 30L, T2),
                kafka(EMPTY, 2, 31L, T2),
                kafka(NO_KEY, 2, 32L, T2),
                // good: integer key, NAB-style time
                kafka("{\"key\":42,\"timestamp\":\"2024-01-01 00:03:00\",\"value\":0}", 3, 40L, T3),
                kafka(DUPLICATE_FEATURE, 3, 41L, T3))
            .withCoder(RawRecordCoder.of()));
  }

  @Test
  public void jsonMixSplitsIntoTimestampedEventsAndDeadLetters() {
    PCollection<RawRecord> input = jsonMix();
    ParseEvents.Result parsed = input.apply("Parse", ParseEvents.with(EventFormat.json()));

    // Events, each at its own event time (not the broker time).
    PAssert.that(parsed.events().apply("EventTimes", Reify.timestamps()))
        .containsInAnyOrder(
            TimestampedValue.of(Event.of("a", T0, 1.5), T0),
            TimestampedValue.of(Event.of("b", T1, -2.0), T1),
            TimestampedValue.of(
                Event.builder("a", T2).feature("x", 1.0).feature("y", 2.0).build(), T2),
            TimestampedValue.of(Event.of("42", T3, 0.0), T3));

    // Dead letters: the whole record, stage "parse" and the reason.
    PAssert.that(parsed.deadLetters()).satisfies(new CheckJsonDeadLetters());

    // Dead letters stay at the record's timestamp.
    PAssert.that(parsed.deadLetters().apply("LetterTimes", Reify.timestamps()))
        .satisfies(
            (SerializableFunction<Iterable<TimestampedValue<DeadLetter>>, Void>)
                letters -> {
                  int n = 0;
                  for (TimestampedValue<DeadLetter> letter : letters) {
                    assertEquals(letter.getValue().getTimestamp(), letter.getTimestamp());
                    n++;
                  }
                  assertEquals(6, n);
                  return null;
                });

    assertNothingIsLost(input, parsed, 10L);

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(4L, counter(result, "parsed"));
    assertEquals(6L, counter(result, "dead_letters"));
  }

  /** Checks each dead letter of {@link #jsonMix} by its offset, with hand-written expectations. */
  private static final class CheckJsonDeadLetters
      implements SerializableFunction<Iterable<DeadLetter>, Void> {
    @Override
    public Void apply(Iterable<DeadLetter> letters) {
      Map<Long, DeadLetter> byOffset = new HashMap<>();
      for (DeadLetter letter : letters) {
        assertEquals("events", letter.getRecord().getSource());
        assertEquals("parse", letter.getStage());
        assertEquals(null, byOffset.put(letter.getRecord().getOffset(), letter));
      }
      assertEquals(6, byOffset.size());

      check(
          byOffset.get(11L),
          0,
          T0,
          new byte[] {
            '{', '"', 'k', 'e', 'y', '"', ':', '"', 'a', '"', ',', '"', 't', 'i', 'm', 'e', 's',
            't', 'a', 'm', 'p', '"', ':', '0', ',', '"', 'v', 'a', 'l', 'u', 'e', '"', ':', '1'
          },
          "invalid JSON: Unexpected end-of-input: expected close marker for Object (st...");
      check(byOffset.get(21L), 1, T1, new byte[] {(byte) 0xC3, 0x28}, "payload is not valid UTF-8");
      check(byOffset.get(22L), 1, T1, YEAR_1900, "event time 1900-01-01T00:00:00.000Z" + OUTSIDE);
      check(byOffset.get(31L), 2, T2, new byte[0], "empty payload");
      check(byOffset.get(32L), 2, T2, NO_KEY, "missing field 'key'");
      check(
          byOffset.get(41L),
          3,
          T3,
          DUPLICATE_FEATURE,
          "feature 'x' is both a top-level field and in the 'features' object");
      return null;
    }

    private static void check(
        DeadLetter letter, int partition, Instant timestamp, byte[] bytes, String reason) {
      assertNotNull(letter);
      assertArrayEquals(bytes, letter.getPayload());
      assertEquals(partition, letter.getRecord().getPartition());
      assertEquals(timestamp, letter.getRecord().getTimestamp());
      assertEquals(reason, letter.getReason());
    }
  }

  @Test
  public void deadLettersEqualTheirRecordsExactly() {
    ParseEvents.Result parsed = jsonMix().apply("Parse", ParseEvents.with(EventFormat.json()));
    PAssert.that(parsed.deadLetters())
        .containsInAnyOrder(
            DeadLetter.of(
                RawRecord.of(new byte[] {(byte) 0xC3, 0x28}, "events", 1, 21L, T1),
                "parse",
                "payload is not valid UTF-8"),
            DeadLetter.of(
                RawRecord.of(
                    utf8("{\"key\":\"a\",\"timestamp\":0,\"value\":1"), "events", 0, 11L, T0),
                "parse",
                "invalid JSON: Unexpected end-of-input: expected close marker for Object (st..."),
            DeadLetter.of(
                RawRecord.of(
                    utf8("{\"key\":\"a\",\"timestamp\":\"1900-01-01T00:00:00Z\",\"value\":1}"),
                    "events",
                    1,
                    22L,
                    T1),
                "parse",
                "event time 1900-01-01T00:00:00.000Z" + OUTSIDE),
            DeadLetter.of(
                RawRecord.of(new byte[0], "events", 2, 31L, T2), "parse", "empty payload"),
            DeadLetter.of(
                RawRecord.of(utf8("{\"timestamp\":1704067200,\"value\":1}"), "events", 2, 32L, T2),
                "parse",
                "missing field 'key'"),
            DeadLetter.of(
                RawRecord.of(
                    utf8("{\"key\":\"a\",\"timestamp\":1704067200,\"x\":1,\"features\":{\"x\":2}}"),
                    "events",
                    3,
                    41L,
                    T3),
                "parse",
                "feature 'x' is both a top-level field and in the 'features' object"));
    pipeline.run().waitUntilFinish();
  }

  // --- CSV: a NAB file replayed line by line ----------------------------------------------------

  @Test
  public void nabCsvLinesWithHeaderAndBadCells() {
    Instant readAt = new Instant(1_800_000_000_000L);
    PCollection<RawRecord> input =
        pipeline.apply(
            "Lines",
            Create.timestamped(
                    line("timestamp,value", readAt),
                    line("2013-12-02 21:15:00,73.96732207", readAt),
                    line("2013-12-02 21:20:00,74.935882", readAt),
                    line("2013-12-02 21:25:00,", readAt),
                    line("2013-12-02 21:30:00,abc", readAt),
                    line("2013-12-02 21:35:00,76.124162,9", readAt),
                    line("\"2013-12-02 21:40:00\",\"78.140707\"", readAt))
                .withCoder(RawRecordCoder.of()));

    ParseEvents.Result parsed =
        input.apply(
            "Parse",
            ParseEvents.with(
                EventFormat.csv("timestamp", "value").withDefaultKey("machine_temperature")));

    // 2013-12-02T21:15:00Z = 1386018900 s; the next lines are 5 minutes (300 s) apart.
    Instant t1515 = new Instant(1_386_018_900_000L);
    Instant t1520 = new Instant(1_386_019_200_000L);
    Instant t1540 = new Instant(1_386_020_400_000L);
    PAssert.that(parsed.events().apply("EventTimes", Reify.timestamps()))
        .containsInAnyOrder(
            TimestampedValue.of(Event.of("machine_temperature", t1515, 73.96732207), t1515),
            TimestampedValue.of(Event.of("machine_temperature", t1520, 74.935882), t1520),
            TimestampedValue.of(Event.of("machine_temperature", t1540, 78.140707), t1540));

    PAssert.that(parsed.deadLetters())
        .containsInAnyOrder(
            DeadLetter.of(
                RawRecord.ofText("timestamp,value", "nab.csv", readAt),
                "parse",
                "timestamp 'timestamp' is not ISO-8601 or yyyy-MM-dd HH:mm:ss or a Unix time"),
            DeadLetter.of(
                RawRecord.ofText("2013-12-02 21:25:00,", "nab.csv", readAt),
                "parse",
                "column 'value' is empty"),
            DeadLetter.of(
                RawRecord.ofText("2013-12-02 21:30:00,abc", "nab.csv", readAt),
                "parse",
                "column 'value' is not a number: 'abc'"),
            DeadLetter.of(
                RawRecord.ofText("2013-12-02 21:35:00,76.124162,9", "nab.csv", readAt),
                "parse",
                "expected 2 CSV columns [timestamp, value], got 3"));

    PAssert.that(parsed.deadLetters())
        .satisfies(
            (SerializableFunction<Iterable<DeadLetter>, Void>)
                letters -> {
                  for (DeadLetter letter : letters) {
                    assertEquals("nab.csv", letter.getRecord().getSource());
                    assertEquals(-1, letter.getRecord().getPartition());
                    assertEquals(-1L, letter.getRecord().getOffset());
                    assertEquals("parse", letter.getStage());
                  }
                  return null;
                });

    assertNothingIsLost(input, parsed, 7L);

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(3L, counter(result, "parsed"));
    assertEquals(4L, counter(result, "dead_letters"));
  }

  private static TimestampedValue<RawRecord> line(String text, Instant readAt) {
    return TimestampedValue.of(RawRecord.ofText(text, "nab.csv", readAt), readAt);
  }

  // --- record timestamp as event time ------------------------------------------------------------

  @Test
  public void recordTimestampIsTheEventTimeWhenThePayloadHasNone() {
    PCollection<RawRecord> input =
        pipeline.apply(
            "Records",
            Create.timestamped(
                    kafka("{\"key\":\"a\",\"value\":1}", 0, 0L, T1),
                    kafka("{\"key\":\"b\",\"value\":2}", 0, 1L, T2))
                .withCoder(RawRecordCoder.of()));
    ParseEvents.Result parsed =
        input.apply("Parse", ParseEvents.with(EventFormat.json().withRecordTimestamp()));

    PAssert.that(parsed.events().apply("EventTimes", Reify.timestamps()))
        .containsInAnyOrder(
            TimestampedValue.of(Event.of("a", T1, 1.0), T1),
            TimestampedValue.of(Event.of("b", T2, 2.0), T2));
    PAssert.that(parsed.deadLetters()).empty();
    assertNothingIsLost(input, parsed, 2L);

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(2L, counter(result, "parsed"));
    assertEquals(0L, counter(result, "dead_letters"));
  }

  @Test
  public void allBadInputGivesNoEvents() {
    PCollection<RawRecord> input =
        pipeline.apply(
            "Records",
            Create.timestamped(
                    kafka("[]", 0, 0L, T0),
                    kafka("   ", 0, 1L, T0),
                    kafka("{\"key\":\"a\",\"timestamp\":1704067200,\"value\":NaN}", 0, 2L, T0))
                .withCoder(RawRecordCoder.of()));
    ParseEvents.Result parsed = input.apply("Parse", ParseEvents.with(EventFormat.json()));

    PAssert.that(parsed.events()).empty();
    PAssert.thatSingleton(parsed.deadLetters().apply("CountLetters", Count.globally()))
        .isEqualTo(3L);
    assertNothingIsLost(input, parsed, 3L);

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(0L, counter(result, "parsed"));
    assertEquals(3L, counter(result, "dead_letters"));
  }

  @Test
  public void outputsUseTheEventCoders() {
    ParseEvents.Result parsed =
        pipeline
            .apply(Create.empty(RawRecordCoder.of()))
            .apply(ParseEvents.with(EventFormat.json()));
    assertEquals(EventCoder.of(), parsed.events().getCoder());
    assertEquals(DeadLetterCoder.of(), parsed.deadLetters().getCoder());
    assertEquals(2, parsed.expand().size());
    assertTrue(parsed.expand().containsValue(parsed.events()));
    assertTrue(parsed.expand().containsValue(parsed.deadLetters()));
    assertEquals(pipeline, parsed.getPipeline());
    assertEquals("streamml.events", ParseEvents.METRICS_NAMESPACE);
    assertEquals("parse", ParseEvents.STAGE);
    pipeline.run().waitUntilFinish();
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** count(input) == expected and count(events) + count(dead letters) == expected. */
  private static void assertNothingIsLost(
      PCollection<RawRecord> input, ParseEvents.Result parsed, long expected) {
    PCollection<Long> inputCount = input.apply("CountInput", Count.globally());
    PCollection<Long> eventCount = parsed.events().apply("CountEvents", Count.globally());
    PCollection<Long> letterCount =
        parsed.deadLetters().apply("CountDeadLetters", Count.globally());
    PAssert.thatSingleton("input count", inputCount).isEqualTo(expected);
    PAssert.thatSingleton(
            "events + dead letters",
            PCollectionList.of(eventCount)
                .and(letterCount)
                .apply("BothCounts", Flatten.pCollections())
                .apply("SumCounts", Sum.longsGlobally()))
        .isEqualTo(expected);
  }

  /** The committed value of a counter of {@code streamml.events}, 0 if it was never reported. */
  private static long counter(PipelineResult result, String name) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named("streamml.events", name))
                    .build());
    long total = 0;
    for (MetricResult<Long> counter : metrics.getCounters()) {
      total += counter.getCommitted();
    }
    return total;
  }
}
