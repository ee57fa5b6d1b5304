package dev.streamml.pipelines.anomaly;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamml.anomaly.AnomalyDetector;
import dev.streamml.pipelines.kafka.DeadLetterSink;
import dev.streamml.pipelines.runners.RunnerProfiles;
import dev.streamml.pipelines.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.annotation.Nullable;
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
 * The anomaly pipeline end to end against a real Kafka broker: three keys' events (one key split
 * over both partitions of the input topic) and malformed records go in; the pipeline reads the
 * topic to its end with the zscore detector. The scores topic must hold exactly one result per
 * event, each with the score, label and model version a plain loop over the key's events in
 * event-time order gives; the alerts topic exactly the OUTLIER results; the dead-letter topic
 * exactly the malformed records, untouched, with their reasons. The same scenario runs on the
 * Direct runner and on embedded Flink, and both runs must agree.
 */
@RunWith(JUnit4.class)
public class AnomalyPipelineIT {

  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private static final String DETECTOR = "zscore";
  private static final double THRESHOLD = 0.999;
  private static final Duration PIPELINE_TIMEOUT = Duration.standardSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static KafkaTestBroker kafka;

  /** Each run's results, by runner, to compare the runs with each other. */
  private static final Map<String, Map<String, String>> RESULTS = new ConcurrentHashMap<>();

  @Rule public final Timeout timeout = Timeout.seconds(180);

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
  public void directRunnerScoresEveryEventAndRoutesOutliersAndDeadLetters() throws Exception {
    runScenario("direct");
  }

  @Test
  public void flinkRunnerScoresEveryEventAndRoutesOutliersAndDeadLetters() throws Exception {
    runScenario("flink");
  }

  private void runScenario(String runner) throws Exception {
    long startNanos = System.nanoTime();
    String prefix = "anomaly-it-" + runner + "-";
    String input = prefix + "events";
    String scores = prefix + "scores";
    String alerts = prefix + "alerts";
    String deadLetters = prefix + "dead-letters";
    Map<String, Integer> topics = new LinkedHashMap<>();
    topics.put(input, 2);
    topics.put(scores, 1);
    topics.put(alerts, 1);
    topics.put(deadLetters, 1);
    kafka.createTopics(topics);

    List<Sent> scenario = scenario();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (Sent sent : scenario) {
      records.add(sent.toRecord(input));
    }
    List<RecordMetadata> landed = kafka.send(records);
    for (int i = 0; i < scenario.size(); i++) {
      scenario.get(i).offset = landed.get(i).offset();
    }

    List<String> args = new ArrayList<>();
    args.add("--bootstrapServers=" + kafka.bootstrapServers());
    args.add("--inputTopic=" + input);
    args.add("--scoresTopic=" + scores);
    args.add("--alertsTopic=" + alerts);
    args.add("--deadLetterTopic=" + deadLetters);
    args.add("--readToEnd=true");
    args.add("--detector=" + DETECTOR);
    args.add("--threshold=" + THRESHOLD);
    AnomalyPipeline.Options options = AnomalyPipeline.options(RunnerProfiles.resolve(runner, args));
    long pipelineStart = System.nanoTime();
    assertEquals("pipeline state on " + runner, PipelineResult.State.DONE, runToEnd(options));
    double pipelineSeconds = (System.nanoTime() - pipelineStart) / 1e9;

    Map<String, Expected> expected = expectedResults(scenario);
    Map<String, String> results = assertResults(expected, kafka.readToEnd(scores));
    long outliers = expected.values().stream().filter(e -> e.label.equals("OUTLIER")).count();
    assertThat("outliers in the scenario", outliers, greaterThanOrEqualTo(3L));
    Map<String, String> alerted = assertResults(onlyOutliers(expected), kafka.readToEnd(alerts));
    for (Map.Entry<String, String> alert : alerted.entrySet()) {
      assertEquals(
          "alert " + alert.getKey() + " as on the scores topic",
          results.get(alert.getKey()),
          alert.getValue());
    }
    List<ConsumerRecord<byte[], byte[]>> letters = kafka.readToEnd(deadLetters);
    assertDeadLetters(scenario, input, letters);
    assertEquals(
        "records sent = results + dead letters", scenario.size(), results.size() + letters.size());

    RESULTS.put(runner, results);
    for (Map.Entry<String, Map<String, String>> other : RESULTS.entrySet()) {
      assertEquals(runner + " and " + other.getKey() + " disagree", other.getValue(), results);
    }
    System.out.printf(
        "AnomalyPipelineIT[%s]: %d records, %d results, %d alerts, %d dead letters; pipeline %.1f"
            + " s, scenario %.1f s%n",
        runner,
        scenario.size(),
        results.size(),
        alerted.size(),
        letters.size(),
        pipelineSeconds,
        (System.nanoTime() - startNanos) / 1e9);
  }

  private static PipelineResult.State runToEnd(AnomalyPipeline.Options options) throws Exception {
    ExecutorService pipelineThread = Executors.newSingleThreadExecutor();
    try {
      Future<PipelineResult.State> state =
          pipelineThread.submit(() -> AnomalyPipeline.run(options).waitUntilFinish());
      return state.get(PIPELINE_TIMEOUT.getStandardSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          options.getRunner().getSimpleName() + " did not finish within " + PIPELINE_TIMEOUT, e);
    } finally {
      pipelineThread.shutdownNow();
    }
  }

  /**
   * Checks every result record against the expected results (by key and event time) and returns
   * each one's JSON text, keyed the same way.
   */
  private static Map<String, String> assertResults(
      Map<String, Expected> expected, List<ConsumerRecord<byte[], byte[]>> records)
      throws Exception {
    Map<String, String> seen = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      JsonNode json = JSON.readTree(record.value());
      String id = json.get("key").asText() + "@" + Instant.parse(json.get("timestamp").asText());
      Expected result = expected.get(id);
      assertNotNull("unexpected result " + id + ": " + json, result);
      assertNull("result " + id + " written twice", seen.put(id, json.toString()));
      assertEquals(
          id + " record key", result.key, new String(record.key(), StandardCharsets.UTF_8));
      assertEquals(id + " value", result.value, json.get("features").get("value").asDouble(), 0.0);
      assertEquals(id + " score", result.score, json.get("score").asDouble(), 0.0);
      assertEquals(id + " label", result.label, json.get("label").asText());
      assertEquals(id + " threshold", THRESHOLD, json.get("threshold").asDouble(), 0.0);
      assertEquals(id + " detector", DETECTOR, json.get("detector").asText());
      assertEquals(id + " model version", result.version, json.get("model_version").asLong());
      assertEquals(id + " late", false, json.get("late").asBoolean());
    }
    assertEquals("results written", expected.keySet(), seen.keySet());
    return seen;
  }

  private static Map<String, Expected> onlyOutliers(Map<String, Expected> expected) {
    Map<String, Expected> outliers = new TreeMap<>();
    expected.forEach(
        (id, result) -> {
          if (result.label.equals("OUTLIER")) {
            outliers.put(id, result);
          }
        });
    return outliers;
  }

  private static void assertDeadLetters(
      List<Sent> scenario, String input, List<ConsumerRecord<byte[], byte[]>> letters) {
    Map<String, Sent> malformed = new TreeMap<>();
    for (Sent sent : scenario) {
      if (sent.reason != null) {
        malformed.put(sent.partition + "/" + sent.offset, sent);
      }
    }
    Map<String, ConsumerRecord<byte[], byte[]>> byOrigin = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> letter : letters) {
      String origin =
          header(letter, DeadLetterSink.SOURCE_PARTITION)
              + "/"
              + header(letter, DeadLetterSink.SOURCE_OFFSET);
      assertNull("dead letter " + origin + " written twice", byOrigin.put(origin, letter));
    }
    assertEquals("dead letters by partition/offset", malformed.keySet(), byOrigin.keySet());
    for (Map.Entry<String, Sent> entry : malformed.entrySet()) {
      Sent sent = entry.getValue();
      ConsumerRecord<byte[], byte[]> letter = byOrigin.get(entry.getKey());
      String what = "dead letter " + entry.getKey();
      assertArrayEquals(what + " value", sent.payload, letter.value());
      assertThat(
          what + " reason", header(letter, DeadLetterSink.REASON), containsString(sent.reason));
      assertEquals(what + " stage", "parse", header(letter, DeadLetterSink.STAGE));
      assertEquals(what + " topic", input, header(letter, DeadLetterSink.SOURCE_TOPIC));
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertNotNull("missing header " + name, header);
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  /**
   * What a plain loop gives: per key, a fresh detector scores then learns the key's events in
   * event-time order; the first results are WARMUP until the detector is warm, then a score at or
   * above the threshold is an OUTLIER.
   */
  private static Map<String, Expected> expectedResults(List<Sent> scenario) {
    Map<String, List<Sent>> byKey = new TreeMap<>();
    for (Sent sent : scenario) {
      if (sent.reason == null) {
        byKey.computeIfAbsent(sent.key, key -> new ArrayList<>()).add(sent);
      }
    }
    Map<String, Expected> expected = new TreeMap<>();
    for (List<Sent> events : byKey.values()) {
      events.sort(Comparator.comparingLong(sent -> sent.eventMillis));
      AnomalyDetector detector = DetectorCatalog.named(DETECTOR);
      for (int version = 0; version < events.size(); version++) {
        Sent event = events.get(version);
        double[] point = {event.value};
        boolean warm = detector.isWarm();
        double score = detector.score(point);
        detector.learn(point);
        String label = !warm ? "WARMUP" : score >= THRESHOLD ? "OUTLIER" : "NORMAL";
        expected.put(
            event.key + "@" + new Instant(event.eventMillis),
            new Expected(event.key, event.value, score, label, version));
      }
    }
    return expected;
  }

  /**
   * The records sent, in order: keys a (partition 0) and b (partition 1) one event a minute with a
   * few spikes, key c alternating between the partitions every 30 s, and malformed records between
   * them. Per partition, event times only go forward.
   */
  private static List<Sent> scenario() {
    List<Sent> sent = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      Instant minute = T0.plus(Duration.standardMinutes(i));
      double a = i == 80 ? 50.0 : i == 100 ? -20.0 : 10 + Math.sin(i / 5.0);
      sent.add(Sent.event(0, "a", minute, a));
      double b = i == 90 ? 300.0 : 100 + (i % 5);
      sent.add(Sent.event(1, "b", minute, b));
      double c = i == 110 ? 7.5 : 1 + 0.01 * ((i * 37) % 11);
      sent.add(Sent.event(i % 2, "c", minute.plus(Duration.standardSeconds(30)), c));
      if (i == 10) {
        sent.add(Sent.malformed(0, "{\"key\":\"a\",\"timestamp\":", "invalid JSON"));
      } else if (i == 40) {
        sent.add(
            Sent.malformed(
                1,
                "{\"key\":\"b\",\"timestamp\":\"2024-03-01T10:40:10Z\",\"value\":\"NaN\"}",
                "is not a number"));
      } else if (i == 70) {
        sent.add(
            Sent.malformed(
                0,
                "{\"timestamp\":\"2024-03-01T11:10:10Z\",\"value\":2.0}",
                "missing field 'key'"));
      } else if (i == 95) {
        sent.add(Sent.malformed(1, "", "empty payload"));
      }
    }
    return sent;
  }

  /** One record sent: a valid event, or a malformed payload and part of its expected reason. */
  private static final class Sent {
    final int partition;
    final byte[] payload;
    final long kafkaTimestamp;
    final @Nullable String key;
    final long eventMillis;
    final double value;
    final @Nullable String reason;

    long offset = -1;

    private Sent(
        int partition,
        byte[] payload,
        long kafkaTimestamp,
        @Nullable String key,
        long eventMillis,
        double value,
        @Nullable String reason) {
      this.partition = partition;
      this.payload = payload;
      this.kafkaTimestamp = kafkaTimestamp;
      this.key = key;
      this.eventMillis = eventMillis;
      this.value = value;
      this.reason = reason;
    }

    static Sent event(int partition, String key, Instant at, double value) {
      String json =
          "{\"key\":\"" + key + "\",\"timestamp\":\"" + at + "\",\"value\":" + value + "}";
      return new Sent(
          partition,
          json.getBytes(StandardCharsets.UTF_8),
          at.getMillis(),
          key,
          at.getMillis(),
          value,
          null);
    }

    /** Its Kafka timestamp is T0, so that it does not move the watermark ahead of the events. */
    static Sent malformed(int partition, String payload, String reason) {
      return new Sent(
          partition,
          payload.getBytes(StandardCharsets.UTF_8),
          T0.getMillis(),
          null,
          0,
          Double.NaN,
          reason);
    }

    ProducerRecord<byte[], byte[]> toRecord(String topic) {
      byte[] recordKey = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
      return new ProducerRecord<>(topic, partition, kafkaTimestamp, recordKey, payload);
    }
  }

  /** One expected result. */
  private static final class Expected {
    final String key;
    final double value;
    final double score;
    final String label;
    final long version;

    Expected(String key, double value, double score, String label, long version) {
      this.key = key;
      this.value = value;
      this.score = score;
      this.label = label;
      this.version = version;
    }
  }
}
