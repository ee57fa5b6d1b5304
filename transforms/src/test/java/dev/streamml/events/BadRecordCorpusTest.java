package dev.streamml.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The corpus record by record through {@link EventParser} (no pipeline), and the dead-letter rules
 * the corpus relies on: future skew against the record timestamp and the magnitude limit.
 */
@RunWith(JUnit4.class)
public class BadRecordCorpusTest {

  private static final Instant RECORD_TIME = Instant.parse("2024-03-01T00:00:00Z");

  @Test
  public void everyJsonSampleParsesOrFailsAsItSays() {
    checkCorpus(BadInputScenarios.JSON);
  }

  @Test
  public void everyCsvSampleParsesOrFailsAsItSays() {
    checkCorpus(BadInputScenarios.CSV);
  }

  private static void checkCorpus(EventFormat format) {
    BadRecordCorpus corpus = BadRecordCorpus.of(format, BadInputScenarios.START, 3);
    EventParser parser = EventParser.of(format);
    Map<BadRecordCorpus.Kind, Integer> perKind = new EnumMap<>(BadRecordCorpus.Kind.class);
    List<BadRecordCorpus.Sample> samples = corpus.mixed(200, 330);
    for (BadRecordCorpus.Sample sample : samples) {
      if (sample.isBad()) {
        perKind.merge(sample.getKind(), 1, Integer::sum);
        try {
          Event event = parser.parse(sample.getPayload(), sample.getRecordTimestamp());
          fail(sample + " parsed as " + event);
        } catch (EventParseException e) {
          assertThat(sample.toString(), e.getMessage(), containsString(sample.getReasonContains()));
        }
      } else {
        try {
          Event event = parser.parse(sample.getPayload(), sample.getRecordTimestamp());
          assertEquals(sample.getKey(), event.getKey());
          assertEquals(sample.getEventTime(), event.getTimestamp());
          assertEquals(sample.getValue(), event.value(), 0.0);
        } catch (EventParseException e) {
          fail(sample + " failed: " + e.getMessage());
        }
      }
    }
    assertEquals(BadRecordCorpus.Kind.values().length, perKind.size());
    for (int count : perKind.values()) {
      assertEquals(30, count);
    }
  }

  @Test
  public void sameSeedSameRecords() {
    BadRecordCorpus a = BadRecordCorpus.of(BadInputScenarios.JSON, RECORD_TIME, 5);
    BadRecordCorpus b = BadRecordCorpus.of(BadInputScenarios.JSON, RECORD_TIME, 5);
    List<BadRecordCorpus.Sample> first = a.mixed(50, 50);
    List<BadRecordCorpus.Sample> second = b.mixed(50, 50);
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i).getPayload(), second.get(i).getPayload());
    }
  }

  @Test
  public void oversizedIsAboveTheLimitAndOnlyJustSo() {
    BadRecordCorpus corpus = BadRecordCorpus.of(BadInputScenarios.JSON, RECORD_TIME, 1);
    int kinds = BadRecordCorpus.Kind.values().length;
    for (int i = BadRecordCorpus.Kind.OVERSIZED.ordinal(); i < 200; i += kinds) {
      int size = corpus.bad(i).getPayload().length;
      assertEquals(true, size > 4096 && size <= 4096 + 501);
    }
  }

  @Test
  public void corpusRefusesOtherShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BadRecordCorpus.of(EventFormat.csv("timestamp", "value").withDefaultKey("k"), RECORD_TIME, 1));
    assertThat(e.getMessage(), containsString("CSV columns key,timestamp,value"));
  }

  // --- the rules the parser enforces for the corpus ------------------------------------------

  private static String reason(EventFormat format, String text) {
    EventParseException e =
        assertThrows(
            EventParseException.class,
            () -> EventParser.of(format).parse(text.getBytes(StandardCharsets.UTF_8), RECORD_TIME));
    return e.getMessage();
  }

  @Test
  public void eventTimeAheadOfTheRecordByMoreThanTheSkewIsRejected() throws Exception {
    EventFormat format = EventFormat.json().withMaxFutureSkew(Duration.standardHours(1));
    assertEquals(
        "event time 2024-03-01T01:00:00.001Z is more than 1h ahead of the record timestamp"
            + " 2024-03-01T00:00:00.000Z",
        reason(format, "{\"key\":\"a\",\"timestamp\":\"2024-03-01T01:00:00.001Z\",\"value\":1}"));
    // Exactly the skew ahead is accepted; the past is never limited by the skew.
    Event atLimit =
        EventParser.of(format)
            .parse(
                "{\"key\":\"a\",\"timestamp\":\"2024-03-01T01:00:00Z\",\"value\":1}"
                    .getBytes(StandardCharsets.UTF_8),
                RECORD_TIME);
    assertEquals(Instant.parse("2024-03-01T01:00:00Z"), atLimit.getTimestamp());
    Event past =
        EventParser.of(format)
            .parse(
                "{\"key\":\"a\",\"timestamp\":\"1999-03-01T01:00:00Z\",\"value\":1}"
                    .getBytes(StandardCharsets.UTF_8),
                RECORD_TIME);
    assertEquals(Instant.parse("1999-03-01T01:00:00Z"), past.getTimestamp());
  }

  @Test
  public void fixedBoundsAreCheckedBeforeTheSkew() {
    EventFormat format = EventFormat.json().withMaxFutureSkew(Duration.standardHours(1));
    assertThat(
        reason(format, "{\"key\":\"a\",\"timestamp\":\"2500-01-01T00:00:00Z\",\"value\":1}"),
        containsString("is outside [1970-01-01T00:00:00.000Z, 2200-01-01T00:00:00.000Z]"));
  }

  @Test
  public void hugeValuesAreRejectedAboveTheLimit() {
    EventFormat json = EventFormat.json().withMaxAbsValue(1e15);
    assertEquals(
        "field 'value' -2.0E15 exceeds the limit of +/-1.0E15",
        reason(json, "{\"key\":\"a\",\"timestamp\":0,\"value\":-2e15}"));
    EventFormat csv = EventFormat.csv("key", "timestamp", "value").withMaxAbsValue(10);
    assertEquals("column 'value' 10.5 exceeds the limit of +/-10.0", reason(csv, "a,0,10.5"));
  }

  @Test
  public void limitsAreValidatedWhenSet() {
    assertThrows(IllegalArgumentException.class, () -> EventFormat.json().withMaxAbsValue(0));
    assertThrows(
        IllegalArgumentException.class,
        () -> EventFormat.json().withMaxAbsValue(Double.POSITIVE_INFINITY));
    assertThrows(
        IllegalArgumentException.class,
        () -> EventFormat.json().withMaxFutureSkew(Duration.millis(-1)));
  }
}
