package dev.streamml.pipelines.features;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamml.features.WindowedFeatures;
import dev.streamml.pipelines.kafka.DeadLetterSink;
import dev.streamml.pipelines.runners.RunnerProfiles;
import dev.streamml.pipelines.testing.KafkaTestBroker;
import java.io.IOException;
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
import org.apache.datasketches.kll.KllSketch;
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
 * The features pipeline end to end against a real Kafka broker: known events and malformed records
 * go into a two-partition topic, the pipeline reads it to its end with one-minute fixed windows,
 * and the features and dead-letter topics must hold exactly what a plain loop over the sent events
 * says. The same scenario runs on the Direct runner and on embedded Flink, each with its own
 * topics, and both runs must agree.
 *
 * <p>Each event's Kafka timestamp is an hour after its payload time, so windows built from the
 * Kafka timestamp instead of the payload would not match.
 */
@RunWith(JUnit4.class)
public class FeaturesPipelineIT {

  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private static final Duration WINDOW = Duration.standardMinutes(1);
  private static final Duration KAFKA_TIME_OFFSET = Duration.standardHours(1);
  private static final Duration PIPELINE_TIMEOUT = Duration.standardSeconds(90);

  /** The sketch's rank error for one quantile (99% confidence) at the pipeline's default k. */
  private static final double RANK_TOLERANCE =
      KllSketch.getNormalizedRankError(WindowedFeatures.DEFAULT_SKETCH_K, false);

  private static final ObjectMapper JSON = new ObjectMapper();

  private static KafkaTestBroker kafka;

  /** Each run's figures, by runner, for comparing the runs with each other. */
  private static final Map<String, Map<String, String>> RESULTS = new ConcurrentHashMap<>();

  @Rule public final Timeout timeout = Timeout.seconds(150);

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
  public void directRunnerWritesExactFeaturesAndDeadLetters() throws Exception {
    runScenario("direct", List.of());
  }

  @Test
  public void flinkRunnerWritesExactFeaturesAndDeadLetters() throws Exception {
    // Parallelism 1: Beam 2.70's Flink runner does not finish a bounded Kafka read over 2 subtasks.
    runScenario("flink", List.of("--parallelism=1"));
  }

  private void runScenario(String runner, List<String> runnerArgs) throws Exception {
    long startNanos = System.nanoTime();
    String prefix = "features-it-" + runner + "-";
    String input = prefix + "events";
    String features = prefix + "features";
    String deadLetters = prefix + "dead-letters";
    String late = prefix + "late";
    Map<String, Integer> topics = new LinkedHashMap<>();
    topics.put(input, 2);
    topics.put(features, 1);
    topics.put(deadLetters, 1);
    topics.put(late, 1);
    kafka.createTopics(topics);

    List<Sent> scenario = scenario();
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (Sent sent : scenario) {
      records.add(sent.toRecord(input));
    }
    List<RecordMetadata> landed = kafka.send(records);
    for (int i = 0; i < scenario.size(); i++) {
      assertEquals(scenario.get(i).partition, landed.get(i).partition());
      scenario.get(i).offset = landed.get(i).offset();
    }

    List<String> args = new ArrayList<>(runnerArgs);
    args.add("--bootstrapServers=" + kafka.bootstrapServers());
    args.add("--inputTopic=" + input);
    args.add("--outputTopic=" + features);
    args.add("--deadLetterTopic=" + deadLetters);
    args.add("--lateTopic=" + late);
    args.add("--readToEnd=true");
    args.add("--window=fixed:1m");
    FeaturesPipeline.Options options =
        FeaturesPipeline.options(RunnerProfiles.resolve(runner, args));
    long pipelineStart = System.nanoTime();
    PipelineResult.State state = runToEnd(options);
    double pipelineSeconds = (System.nanoTime() - pipelineStart) / 1e9;
    assertEquals("pipeline state on " + runner, PipelineResult.State.DONE, state);

    List<ConsumerRecord<byte[], byte[]>> windows = kafka.readToEnd(features);
    Map<String, String> figures = assertFeatures(expectedWindows(scenario), windows);
    List<ConsumerRecord<byte[], byte[]>> letters = kafka.readToEnd(deadLetters);
    assertDeadLetters(scenario, input, letters);
    assertThat("late records", kafka.readToEnd(late), empty());

    long windowed = 0;
    for (ConsumerRecord<byte[], byte[]> window : windows) {
      windowed += JSON.readTree(window.value()).get("count").asLong();
    }
    assertEquals(
        "records sent = events in windows + dead letters",
        scenario.size(),
        windowed + letters.size());

    // Whichever runner finishes second compares its figures with the first one's.
    RESULTS.put(runner, figures);
    for (Map.Entry<String, Map<String, String>> other : RESULTS.entrySet()) {
      assertEquals(runner + " and " + other.getKey() + " disagree", other.getValue(), figures);
    }
    System.out.printf(
        "FeaturesPipelineIT[%s]: %d records, %d windows, %d dead letters; pipeline %.1f s,"
            + " scenario %.1f s%n",
        runner,
        scenario.size(),
        figures.size(),
        letters.size(),
        pipelineSeconds,
        (System.nanoTime() - startNanos) / 1e9);
  }

  /**
   * Runs the pipeline to its end on a thread of its own, so that a run that never ends fails with a
   * message instead of hanging the build (the Flink runner's run() itself blocks until the job
   * ends).
   */
  private static PipelineResult.State runToEnd(FeaturesPipeline.Options options) throws Exception {
    ExecutorService pipelineThread = Executors.newSingleThreadExecutor();
    try {
      Future<PipelineResult.State> state =
          pipelineThread.submit(() -> FeaturesPipeline.run(options).waitUntilFinish());
      return state.get(PIPELINE_TIMEOUT.getStandardSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          options.getRunner().getSimpleName()
              + " did not finish the bounded read within "
              + PIPELINE_TIMEOUT,
          e);
    } finally {
      pipelineThread.shutdownNow();
    }
  }

  /**
   * Checks every feature record against the expected windows and returns each window's figures as
   * comparable text (approximate quantiles left out, since sketches may differ between runners).
   */
  private static Map<String, String> assertFeatures(
      Map<String, Expected> expected, List<ConsumerRecord<byte[], byte[]>> records)
      throws IOException {
    Map<String, String> figures = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      JsonNode json = JSON.readTree(record.value());
      String key = json.get("key").asText();
      Instant start = Instant.parse(json.get("window_start").asText());
      String id = key + "@" + start;
      Expected window = expected.get(id);
      assertNotNull("unexpected window " + id + ": " + json, window);
      assertFalse("window " + id + " written twice", figures.containsKey(id));
      assertEquals(id, key, new String(record.key(), StandardCharsets.UTF_8));
      window.assertMatches(json);
      figures.put(id, window.comparable(json));
    }
    assertEquals("windows written", expected.keySet(), figures.keySet());
    return figures;
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
      assertNull(what + " key", letter.key());
      assertThat(
          what + " reason", header(letter, DeadLetterSink.REASON), containsString(sent.reason));
      assertEquals(what + " stage", "parse", header(letter, DeadLetterSink.STAGE));
      assertEquals(what + " topic", input, header(letter, DeadLetterSink.SOURCE_TOPIC));
      assertEquals(
          what + " timestamp",
          String.valueOf(sent.kafkaTimestamp),
          header(letter, DeadLetterSink.SOURCE_TIMESTAMP));
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertNotNull("missing header " + name, header);
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Expected figures of each key and window, from a plain loop over the valid events. */
  private static Map<String, Expected> expectedWindows(List<Sent> scenario) {
    Map<String, Expected> windows = new TreeMap<>();
    for (Sent sent : scenario) {
      if (sent.reason == null) {
        Instant start =
            new Instant(sent.eventMillis - Math.floorMod(sent.eventMillis, WINDOW.getMillis()));
        windows
            .computeIfAbsent(sent.key + "@" + start, id -> new Expected(sent.key, start))
            .add(sent.eventMillis, sent.value);
      }
    }
    return windows;
  }

  /**
   * What the test sends, in order. Per partition, event times run forward except for a few records
   * a few seconds back (less than the 10 s out-of-orderness bound, so none is late). Key a lives in
   * partition 0, b in partition 1, c and bulk in both; bulk has more values than the sketch keeps
   * exactly.
   */
  private static List<Sent> scenario() {
    List<Sent> sent = new ArrayList<>();
    // Partition 0, minute 0.
    sent.add(Sent.event(0, "a", "00:05", 1.5));
    sent.add(Sent.event(0, "a", "00:05", -1.0)); // same time: the smaller value comes first
    sent.add(Sent.event(0, "c", "00:07", -2.0));
    sent.add(Sent.event(0, "a", "00:12", 3.25));
    sent.add(
        Sent.malformed(
            0, "{\"key\":\"a\",\"timestamp\":\"2024-03-01T10:00:13Z\",\"value\":", "invalid JSON"));
    sent.add(Sent.event(0, "a", "00:08", 4.0)); // 4 s back
    sent.add(
        Sent.eventAt(
            0, "c", T0.plus(Duration.millis(59_999)), "\"2024-03-01T10:00:59.999Z\"", 10.0));
    // Partition 0, minute 1.
    sent.add(Sent.event(0, "a", "01:00", 2.0));
    sent.add(
        Sent.malformed(
            0,
            "{\"key\":\"a\",\"timestamp\":\"3000-01-01T00:00:00Z\",\"value\":1.0}",
            "is outside"));
    sent.add(Sent.event(0, "a", "01:30", -0.75));
    sent.add(Sent.event(0, "c", "01:25", 6.5)); // 5 s back
    sent.add(Sent.malformed(0, new byte[0], "empty payload"));
    sent.add(Sent.event(0, "a", "01:59", 7.5));
    sent.add(Sent.event(0, "a", "01:59", 7.0)); // same time: the larger value comes last
    sent.add(Sent.malformed(0, new byte[] {'{', (byte) 0xC3, '(', '}'}, "not valid UTF-8"));
    // Partition 0, minute 2.
    sent.add(Sent.event(0, "a", "02:10", 5.0));
    sent.add(
        Sent.eventAt(
            0, "c", T0.plus(Duration.standardSeconds(140)), "\"2024-03-01 10:02:20\"", 1.25));
    sent.add(
        Sent.malformed(
            0, "{\"timestamp\":\"2024-03-01T10:02:21Z\",\"value\":2.0}", "missing field 'key'"));

    // Partition 1, minute 0.
    sent.add(Sent.event(1, "b", "00:03", 100.0));
    sent.add(Sent.event(1, "b", "00:20", 50.5));
    sent.add(Sent.event(1, "c", "00:30", 3.0));
    sent.add(
        Sent.malformed(
            1,
            "{\"key\":\"b\",\"timestamp\":\"2024-03-01T10:00:31Z\",\"value\":\"twelve\"}",
            "field 'value' is not a number"));
    sent.add(Sent.event(1, "b", "00:40", 75.25));
    // Partition 1, minute 1.
    sent.add(Sent.event(1, "b", "01:05", -20.0));
    sent.add(Sent.event(1, "c", "01:45", 8.0));
    sent.add(Sent.event(1, "b", "01:40", 0.0)); // 5 s back
    sent.add(
        Sent.malformed(
            1,
            "{\"key\":\"b\",\"timestamp\":\"2024-03-01T10:01:46Z\",\"value\":\"NaN\"}",
            "is not a number: \"NaN\""));
    sent.add(
        Sent.malformed(
            1,
            "{\"key\":true,\"timestamp\":\"2024-03-01T10:01:47Z\",\"value\":1.0}",
            "field 'key' must be text or an integer"));
    sent.add(Sent.event(1, "b", "01:50", 0.5));
    // Partition 1, minute 2.
    sent.add(Sent.event(1, "b", "02:00", 12.5));
    sent.add(Sent.event(1, "c", "02:05", 2.5));
    sent.add(
        Sent.malformed(
            1,
            "{\"key\":\"b\",\"timestamp\":\"2024-03-01T10:02:06Z\"}",
            "missing value field 'value'"));
    sent.add(Sent.malformed(1, "[1,2,3]", "must be an object"));
    Instant epochMillis = T0.plus(Duration.standardSeconds(150));
    sent.add(Sent.eventAt(1, "b", epochMillis, String.valueOf(epochMillis.getMillis()), 33.0));
    Instant epochSeconds = T0.plus(Duration.standardSeconds(165));
    sent.add(
        Sent.eventAt(1, "b", epochSeconds, String.valueOf(epochSeconds.getMillis() / 1000), 44.0));

    // Minute 3: 300 values of one key alternating between the partitions, every 190 ms.
    for (int i = 0; i < 300; i++) {
      Instant at = T0.plus(Duration.standardMinutes(3)).plus(Duration.millis(190L * i));
      double value = Math.floorMod(i * 7919, 1000) / 4.0;
      sent.add(Sent.eventAt(i % 2, "bulk", at, "\"" + at + "\"", value));
    }
    return sent;
  }

  /** One record the test sends: a valid event, or a malformed payload and its expected reason. */
  private static final class Sent {
    final int partition;
    final byte[] payload;
    final long kafkaTimestamp;
    final @Nullable String key;
    final long eventMillis;
    final double value;

    /** Part of the dead letter's reason; null for a valid event. */
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

    /** An event at T0 plus {@code minuteSecond} ("mm:ss"), its time as ISO-8601 text. */
    static Sent event(int partition, String key, String minuteSecond, double value) {
      String[] parts = minuteSecond.split(":");
      Instant at =
          T0.plus(
              Duration.standardSeconds(
                  Integer.parseInt(parts[0]) * 60L + Integer.parseInt(parts[1])));
      return eventAt(partition, key, at, "\"" + at + "\"", value);
    }

    /** An event at {@code at}, written in the payload as {@code timestampJson}. */
    static Sent eventAt(int partition, String key, Instant at, String timestampJson, double value) {
      String json =
          "{\"key\":\"" + key + "\",\"timestamp\":" + timestampJson + ",\"value\":" + value + "}";
      return new Sent(
          partition,
          json.getBytes(StandardCharsets.UTF_8),
          at.plus(KAFKA_TIME_OFFSET).getMillis(),
          key,
          at.getMillis(),
          value,
          null);
    }

    static Sent malformed(int partition, String payload, String reason) {
      return malformed(partition, payload.getBytes(StandardCharsets.UTF_8), reason);
    }

    /**
     * A record that cannot be parsed. Its Kafka timestamp is T0: the watermark policy falls back to
     * it, so it must not run ahead of the events.
     */
    static Sent malformed(int partition, byte[] payload, String reason) {
      return new Sent(partition, payload, T0.getMillis(), null, 0, Double.NaN, reason);
    }

    ProducerRecord<byte[], byte[]> toRecord(String topic) {
      byte[] recordKey = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
      return new ProducerRecord<>(topic, partition, kafkaTimestamp, recordKey, payload);
    }
  }

  /** One key's window, with its values kept to compute the figures the obvious way. */
  private static final class Expected {
    final String key;
    final Instant start;
    final List<Long> times = new ArrayList<>();
    final List<Double> values = new ArrayList<>();

    Expected(String key, Instant start) {
      this.key = key;
      this.start = start;
    }

    void add(long millis, double value) {
      times.add(millis);
      values.add(value);
    }

    void assertMatches(JsonNode json) {
      String id = key + "@" + start;
      int n = values.size();
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      int first = 0;
      int last = 0;
      for (int i = 0; i < n; i++) {
        double v = values.get(i);
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        if (comesBefore(i, first)) {
          first = i;
        }
        if (comesBefore(last, i)) {
          last = i;
        }
      }
      double mean = sum / n;
      double squares = 0;
      for (double v : values) {
        squares += (v - mean) * (v - mean);
      }

      assertEquals(id + " feature", "value", json.get("feature").asText());
      assertEquals(
          id + " window_end", start.plus(WINDOW), Instant.parse(json.get("window_end").asText()));
      assertEquals(id + " count", n, json.get("count").asLong());
      // Values are multiples of 1/4 and small: every partial sum is exact in any order.
      assertEquals(id + " sum", sum, json.get("sum").asDouble(), 0.0);
      assertClose(id + " mean", mean, json.get("mean").asDouble());
      if (n < 2) {
        assertTrue(id + " variance of one value", json.get("variance").isNull());
      } else {
        assertClose(id + " variance", squares / (n - 1), json.get("variance").asDouble());
        assertClose(id + " stddev", Math.sqrt(squares / (n - 1)), json.get("stddev").asDouble());
      }
      assertEquals(id + " min", min, json.get("min").asDouble(), 0.0);
      assertEquals(id + " max", max, json.get("max").asDouble(), 0.0);
      assertEquals(id + " first", values.get(first), json.get("first").asDouble(), 0.0);
      assertEquals(
          id + " first_timestamp",
          new Instant(times.get(first)),
          Instant.parse(json.get("first_timestamp").asText()));
      assertEquals(id + " last", values.get(last), json.get("last").asDouble(), 0.0);
      assertEquals(
          id + " last_timestamp",
          new Instant(times.get(last)),
          Instant.parse(json.get("last_timestamp").asText()));
      assertClose(id + " rate_per_s", n / 60.0, json.get("rate_per_s").asDouble());
      assertQuantile(id + " p50", 0.5, json.get("p50").asDouble());
      assertQuantile(id + " p90", 0.9, json.get("p90").asDouble());
      assertQuantile(id + " p99", 0.99, json.get("p99").asDouble());
      JsonNode pane = json.get("pane");
      assertEquals(id + " pane timing", "ON_TIME", pane.get("timing").asText());
      assertEquals(id + " pane index", 0, pane.get("index").asLong());
      assertTrue(id + " pane final", pane.get("final").asBoolean());
    }

    /** Whether value i comes before value j in (event time, value) order. */
    private boolean comesBefore(int i, int j) {
      long ti = times.get(i);
      long tj = times.get(j);
      return ti != tj ? ti < tj : values.get(i) < values.get(j);
    }

    /**
     * A sketch quantile must be one of the values, with a rank within the sketch's error of p; it
     * is exactly the nearest-rank quantile while the window holds no more values than k.
     */
    private void assertQuantile(String what, double p, double actual) {
      List<Double> sorted = new ArrayList<>(values);
      sorted.sort(Comparator.naturalOrder());
      int n = sorted.size();
      if (n <= WindowedFeatures.DEFAULT_SKETCH_K) {
        double nearestRank = sorted.get(Math.max(0, (int) Math.ceil(p * n) - 1));
        assertEquals(what, nearestRank, actual, 0.0);
        return;
      }
      int below = 0;
      int atOrBelow = 0;
      for (double v : sorted) {
        below += v < actual ? 1 : 0;
        atOrBelow += v <= actual ? 1 : 0;
      }
      assertTrue(what + " " + actual + " is not one of the values", atOrBelow > below);
      assertTrue(
          what + " " + actual + " ranks " + below + ".." + atOrBelow + " of " + n,
          (double) atOrBelow / n >= p - RANK_TOLERANCE && (double) below / n < p + RANK_TOLERANCE);
    }

    /** The exact figures as text; quantiles only where they are exact. */
    String comparable(JsonNode json) {
      ObjectNode copy = ((ObjectNode) json).deepCopy();
      if (values.size() > WindowedFeatures.DEFAULT_SKETCH_K) {
        copy.remove(List.of("p50", "p90", "p99"));
      }
      // Merge order may differ between runners and move the last bits of these.
      for (String field : List.of("mean", "variance", "stddev", "rate_per_s")) {
        if (copy.get(field).isNumber()) {
          copy.put(field, String.format("%.9e", copy.get(field).asDouble()));
        }
      }
      return copy.toString();
    }

    private static void assertClose(String what, double expected, double actual) {
      assertEquals(what, expected, actual, 1e-9 * Math.max(1.0, Math.abs(expected)));
    }
  }
}
