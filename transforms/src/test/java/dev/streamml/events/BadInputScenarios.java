package dev.streamml.events;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import dev.streamml.testing.RunnerUnderTest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * Bad input at volume through {@link ParseEvents}, on every runner (one subclass per {@link
 * RunnerUnderTest}): a {@link BadRecordCorpus} of valid and malformed JSON or CSV records goes in;
 * every bad record must come out as a dead letter with its original bytes and a reason naming what
 * is wrong, every valid record as exactly its event, and input = events + dead letters.
 */
public abstract class BadInputScenarios {

  static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
  static final int GOOD = 600;
  /** 20 of each of the 11 kinds. */
  static final int BAD = 20 * BadRecordCorpus.Kind.values().length;

  /** The limits a pipeline sets: small enough that oversized records stay cheap. */
  static EventFormat limited(EventFormat format) {
    return format
        .withMaxPayloadBytes(4096)
        .withMaxFutureSkew(Duration.standardDays(1))
        .withMaxAbsValue(1e15);
  }

  static final EventFormat JSON = limited(EventFormat.json().withValueFields("value"));
  static final EventFormat CSV = limited(EventFormat.csv("key", "timestamp", "value"));

  @Rule public final transient TestPipeline pipeline;

  protected BadInputScenarios(RunnerUnderTest runner) {
    this.pipeline = runner.newPipeline();
  }

  @Test
  public void jsonCorpus() {
    runCorpus(JSON, 7);
  }

  @Test
  public void csvCorpus() {
    runCorpus(CSV, 11);
  }

  private void runCorpus(EventFormat format, long seed) {
    List<BadRecordCorpus.Sample> samples =
        BadRecordCorpus.of(format, START, seed).mixed(GOOD, BAD);
    // Expected outputs, computed from the corpus (not by the parser): by offset for dead letters.
    HashMap<Long, String> badBytes = new HashMap<>();
    HashMap<Long, String> badReasons = new HashMap<>();
    ArrayList<String> goodEvents = new ArrayList<>();
    List<TimestampedValue<RawRecord>> records = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      BadRecordCorpus.Sample sample = samples.get(i);
      records.add(
          TimestampedValue.of(
              RawRecord.of(sample.getPayload(), "corpus", 0, i, sample.getRecordTimestamp()),
              sample.getRecordTimestamp()));
      if (sample.isBad()) {
        badBytes.put((long) i, base64(sample.getPayload()));
        badReasons.put((long) i, sample.getReasonContains());
      } else {
        goodEvents.add(
            describe(sample.getKey(), sample.getEventTime().getMillis(), sample.getValue()));
      }
    }
    Collections.sort(goodEvents);
    assertEquals(GOOD, goodEvents.size());
    assertEquals(BAD, badBytes.size());

    PCollection<RawRecord> input = pipeline.apply("Corpus", Create.timestamped(records));
    ParseEvents.Result parsed = input.apply("Parse", ParseEvents.with(format));

    PAssert.that(parsed.deadLetters())
        .satisfies(
            letters -> {
              Set<Long> seen = new HashSet<>();
              for (DeadLetter letter : letters) {
                long offset = letter.getRecord().getOffset();
                String expectedBytes = badBytes.get(offset);
                assertNotNull("a valid record became a dead letter: " + letter, expectedBytes);
                assertTrue("dead letter twice: offset " + offset, seen.add(offset));
                assertEquals(
                    "original bytes of offset " + offset,
                    expectedBytes,
                    base64(letter.getPayload()));
                assertTrue(
                    "reason of offset " + offset + " '" + letter.getReason()
                        + "' should contain '" + badReasons.get(offset) + "'",
                    letter.getReason().contains(badReasons.get(offset)));
                assertEquals(ParseEvents.STAGE, letter.getStage());
                assertTrue("one-line reason", letter.getReason().lines().count() == 1);
              }
              assertEquals("every bad record is a dead letter", badBytes.keySet(), seen);
              return null;
            });
    PAssert.that(parsed.events())
        .satisfies(
            events -> {
              List<String> actual = new ArrayList<>();
              for (Event event : events) {
                actual.add(
                    describe(event.getKey(), event.getTimestamp().getMillis(), event.value()));
              }
              Collections.sort(actual);
              assertEquals(goodEvents, actual);
              return null;
            });
    PCollection<Long> outputs =
        PCollectionList.of(
                parsed.events().apply("EventIds", MapElements.into(TypeDescriptors.longs()).via(e -> 1L)))
            .and(
                parsed
                    .deadLetters()
                    .apply("LetterIds", MapElements.into(TypeDescriptors.longs()).via(d -> 1L)))
            .apply("AllOutputs", Flatten.pCollections())
            .apply("CountOutputs", Count.globally());
    PAssert.thatSingleton(outputs).isEqualTo((long) GOOD + BAD);
    pipeline.run().waitUntilFinish();
  }

  static String describe(String key, long millis, double value) {
    return key + "|" + millis + "|" + value;
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
