package dev.streamml.pipelines.features;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamml.events.BadRecordCorpus;
import dev.streamml.events.EventFormat;
import dev.streamml.pipelines.kafka.DeadLetterSink;
import dev.streamml.pipelines.runners.RunnerProfiles;
import dev.streamml.pipelines.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Bad input at volume through the features pipeline and a real Kafka broker: 20,000 valid events
 * in event-time order with 2,000 malformed records of every {@link BadRecordCorpus.Kind} mixed in
 * (oversized ones above the pipeline's 16 KiB limit, below the broker's 1 MiB). The pipeline must
 * end normally; the dead-letter topic must hold every bad record, byte for byte, with a reason
 * header naming what is wrong; the feature windows must count and sum exactly the valid events;
 * and records in = events in windows + dead letters.
 */
@RunWith(JUnit4.class)
public class BadInputAtVolumeIT {

  private static final int GOOD = 20_000;
  private static final int BAD = 2_000;
  private static final int MAX_RECORD_BYTES = 16_384;
  private static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
  private static final long PIPELINE_TIMEOUT_SECONDS = 240;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static KafkaTestBroker kafka;

  @Rule public final Timeout timeout = Timeout.seconds(360);

  @BeforeClass
  public static void startKafka() {
    kafka = KafkaTestBroker.start();
  }

  @AfterClass
  public static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  public void everyBadRecordIsADeadLetterAndTheCountsAddUp() throws Exception {
    String input = "volume-events";
    String features = "volume-features";
    String deadLetters = "volume-dead-letters";
    String late = "volume-late";
    Map<String, Integer> topics = new LinkedHashMap<>();
    topics.put(input, 2);
    topics.put(features, 1);
    topics.put(deadLetters, 1);
    topics.put(late, 1);
    kafka.createTopics(topics);

    // The format the pipeline's options below describe, so the corpus knows its limits.
    EventFormat format =
        EventFormat.json()
            .withValueFields("value")
            .withMaxPayloadBytes(MAX_RECORD_BYTES)
            .withMaxFutureSkew(Duration.standardDays(1))
            .withMaxAbsValue(1e15);
    List<BadRecordCorpus.Sample> samples =
        BadRecordCorpus.of(format, START, 2026).interleaved(GOOD, BAD);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      BadRecordCorpus.Sample sample = samples.get(i);
      records.add(
          new ProducerRecord<>(
              input, i % 2, sample.getRecordTimestamp().getMillis(), null, sample.getPayload()));
    }
    List<RecordMetadata> landed = kafka.send(records);
    Map<String, BadRecordCorpus.Sample> badByPosition = new HashMap<>();
    Map<BadRecordCorpus.Kind, Integer> badPerKind = new EnumMap<>(BadRecordCorpus.Kind.class);
    long oversized = 0;
    for (int i = 0; i < samples.size(); i++) {
      if (samples.get(i).isBad()) {
        badByPosition.put(landed.get(i).partition() + "/" + landed.get(i).offset(), samples.get(i));
        badPerKind.merge(samples.get(i).getKind(), 1, Integer::sum);
        oversized += samples.get(i).getPayload().length > MAX_RECORD_BYTES ? 1 : 0;
      }
    }
    assertEquals(BAD, badByPosition.size());

    List<String> args = new ArrayList<>();
    args.add("--bootstrapServers=" + kafka.bootstrapServers());
    args.add("--inputTopic=" + input);
    args.add("--outputTopic=" + features);
    args.add("--deadLetterTopic=" + deadLetters);
    args.add("--lateTopic=" + late);
    args.add("--readToEnd=true");
    args.add("--window=fixed:1m");
    args.add("--valueField=value");
    args.add("--maxRecordBytes=" + MAX_RECORD_BYTES);
    args.add("--maxFutureSkew=1d");
    args.add("--maxAbsValue=1e15");
    FeaturesPipeline.Options options =
        FeaturesPipeline.options(RunnerProfiles.resolve("direct", args));
    long started = System.nanoTime();
    PipelineResult.State state = runToEnd(options);
    double seconds = (System.nanoTime() - started) / 1e9;
    assertEquals("the pipeline ends normally", PipelineResult.State.DONE, state);

    // Dead letters: every bad record, once, with its original bytes and a reason header.
    List<ConsumerRecord<byte[], byte[]>> letters = kafka.readToEnd(deadLetters);
    Set<String> seen = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> letter : letters) {
      String position =
          header(letter, DeadLetterSink.SOURCE_PARTITION)
              + "/"
              + header(letter, DeadLetterSink.SOURCE_OFFSET);
      BadRecordCorpus.Sample sent = badByPosition.get(position);
      assertNotNull("dead letter for a record that was not bad: " + position, sent);
      assertTrue("dead letter twice: " + position, seen.add(position));
      assertArrayEquals("original bytes of " + position, sent.getPayload(), nullToEmpty(letter.value()));
      String reason = header(letter, DeadLetterSink.REASON);
      assertThat(sent.getKind() + " at " + position, reason, containsString(sent.getReasonContains()));
      assertEquals(input, header(letter, DeadLetterSink.SOURCE_TOPIC));
      assertEquals("parse", header(letter, DeadLetterSink.STAGE));
    }
    assertEquals("every bad record is a dead letter", badByPosition.keySet(), seen);

    // Features: per key and minute, the count and sum of the valid events, exactly.
    Map<String, double[]> expected = new TreeMap<>();
    for (BadRecordCorpus.Sample sample : samples) {
      if (!sample.isBad()) {
        long minute = sample.getEventTime().getMillis() / 60_000 * 60_000;
        double[] countSum =
            expected.computeIfAbsent(sample.getKey() + "@" + new Instant(minute), k -> new double[2]);
        countSum[0]++;
        countSum[1] += sample.getValue();
      }
    }
    Map<String, double[]> actual = new TreeMap<>();
    long windowed = 0;
    for (ConsumerRecord<byte[], byte[]> window : kafka.readToEnd(features)) {
      JsonNode json = JSON.readTree(window.value());
      String id = json.get("key").asText() + "@" + Instant.parse(json.get("window_start").asText());
      double[] previous =
          actual.put(id, new double[] {json.get("count").asLong(), json.get("sum").asDouble()});
      assertEquals("one pane per window: " + id, null, previous);
      windowed += json.get("count").asLong();
    }
    assertEquals(expected.keySet(), actual.keySet());
    for (Map.Entry<String, double[]> window : expected.entrySet()) {
      assertArrayEquals(window.getKey(), window.getValue(), actual.get(window.getKey()), 0.0);
    }
    assertThat("late events", kafka.readToEnd(late), empty());
    assertEquals("records in = events in windows + dead letters", GOOD + BAD, windowed + letters.size());

    System.out.printf(
        "BadInputAtVolumeIT: %d records in (%d valid, %d bad: %s; %d oversized of %d-%d bytes);"
            + " %d events in %d windows, %d dead letters, 0 late; pipeline %.1f s on Direct%n",
        samples.size(), GOOD, BAD, badPerKind, oversized, MAX_RECORD_BYTES + 1,
        MAX_RECORD_BYTES + 501, windowed, actual.size(), letters.size(), seconds);
  }

  private static byte[] nullToEmpty(byte[] value) {
    return value == null ? new byte[0] : value;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertNotNull("header " + name, header);
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static PipelineResult.State runToEnd(FeaturesPipeline.Options options) throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<PipelineResult.State> state =
          thread.submit(() -> FeaturesPipeline.run(options).waitUntilFinish());
      return state.get(PIPELINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } finally {
      thread.shutdownNow();
    }
  }
}
