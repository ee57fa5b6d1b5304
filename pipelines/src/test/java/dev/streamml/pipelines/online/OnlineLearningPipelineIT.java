package dev.streamml.pipelines.online;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamml.online.OnlineGaussianNaiveBayes;
import dev.streamml.online.OnlineModel;
import dev.streamml.online.beam.KeyedModelSnapshot;
import dev.streamml.pipelines.kafka.DeadLetterSink;
import dev.streamml.pipelines.runners.RunnerProfiles;
import dev.streamml.pipelines.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The online-learning pipeline end to end against a real Kafka broker, labels on their own topic:
 * two keys' events, their labels 5 s later, some labels missing, one too late, one for an event
 * that never came, and malformed events and labels. Every event must have exactly one prediction,
 * equal to what a plain predict-then-learn loop over each key's events in time order gives
 * (learning only the labels that came within the delay); snapshots every 100 labels; the
 * whole-stream metrics equal the loop's accuracy; unmatched labels and dead letters on their
 * topics, untouched. Direct and embedded Flink must agree.
 */
public class OnlineLearningPipelineIT {
  private static final int EVENTS_PER_KEY = 300;
  private static final int SNAPSHOT_EVERY = 100;
  private static final Duration LABEL_DELAY = Duration.standardMinutes(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Recent, so that the broker's time-based retention keeps the records; whole minutes. */
  private static final Instant T0 =
      new Instant((System.currentTimeMillis() / 60_000 - 120) * 60_000);

  private static KafkaTestBroker kafka;
  private static final Map<String, Map<String, String>> PREDICTIONS = new ConcurrentHashMap<>();

  @Rule public final Timeout timeout = Timeout.seconds(240);

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
  public void directRunnerPredictsLearnsSnapshotsAndScores() throws Exception {
    runScenario("direct");
  }

  @Test
  public void flinkRunnerPredictsLearnsSnapshotsAndScores() throws Exception {
    runScenario("flink");
  }

  /** One event of the scenario and what became of its label. */
  private record Sent(String key, int index, Instant at, double x, double y, Double label, long labelDelaySeconds) {
    String id() {
      return key + "-" + index;
    }

    boolean labelJoins() {
      return label != null && labelDelaySeconds <= LABEL_DELAY.getStandardSeconds();
    }
  }

  private static List<Sent> scenario() {
    Random random = new Random(17);
    List<Sent> sent = new ArrayList<>();
    for (String key : new String[] {"a", "b"}) {
      for (int i = 0; i < EVENTS_PER_KEY; i++) {
        double x = random.nextDouble();
        double y = random.nextDouble();
        boolean positive = x + (key.equals("a") ? 0.3 : -0.3) * y > 0.5;
        Double label = i % 50 == 7 ? null : (positive ^ random.nextDouble() < 0.05 ? 1.0 : 0.0);
        long delay = i % 50 == 13 ? 1200 : 5; // one label per 50 comes after 20 minutes
        sent.add(new Sent(key, i, T0.plus(Duration.standardSeconds(i)), x, y, label, delay));
      }
    }
    return sent;
  }

  private void runScenario(String runner) throws Exception {
    String prefix = "online-it-" + runner + "-";
    String events = prefix + "events";
    String labels = prefix + "labels";
    String predictions = prefix + "predictions";
    String snapshots = prefix + "snapshots";
    String metrics = prefix + "metrics";
    String unmatched = prefix + "unmatched";
    String deadLetters = prefix + "dead-letters";
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (String topic : List.of(events, labels, predictions, snapshots, metrics, unmatched, deadLetters)) {
      topics.put(topic, topic.equals(events) ? 2 : 1);
    }
    kafka.createTopics(topics);

    List<Sent> scenario = scenario();
    List<ProducerRecord<byte[], byte[]>> eventRecords = new ArrayList<>();
    List<ProducerRecord<byte[], byte[]>> labelRecords = new ArrayList<>();
    for (Sent s : scenario) {
      String json =
          String.format(
              "{\"key\":\"%s\",\"timestamp\":%d,\"id\":\"%s\",\"x\":%s,\"y\":%s}",
              s.key(), s.at().getMillis(), s.id(), s.x(), s.y());
      eventRecords.add(record(events, s.index() % 2, s.at(), s.key(), json));
      if (s.label() != null) {
        labelRecords.add(
            record(
                labels,
                0,
                s.at().plus(Duration.standardSeconds(s.labelDelaySeconds())),
                s.id(),
                "{\"id\":\"" + s.id() + "\",\"label\":" + s.label() + "}"));
      }
    }
    List<String> badEvents = List.of("{\"key\":\"a\",\"timestamp\":", "{\"key\":\"b\",\"x\":\"high\"}");
    for (String bad : badEvents) {
      eventRecords.add(record(events, 0, T0.plus(Duration.standardSeconds(30)), "a", bad));
    }
    List<String> badLabels = List.of("{\"id\":\"a-3\",\"label\":\"yes\"}", "not json at all");
    for (String bad : badLabels) {
      labelRecords.add(record(labels, 0, T0.plus(Duration.standardSeconds(40)), "x", bad));
    }
    String ghost = "{\"id\":\"ghost-1\",\"label\":1.0}";
    labelRecords.add(record(labels, 0, T0.plus(Duration.standardSeconds(50)), "ghost-1", ghost));
    kafka.send(eventRecords);
    labelRecords.sort((p, q) -> Long.compare(p.timestamp(), q.timestamp()));
    kafka.send(labelRecords);

    List<String> args = new ArrayList<>();
    args.add("--bootstrapServers=" + kafka.bootstrapServers());
    args.add("--inputTopic=" + events);
    args.add("--labelTopic=" + labels);
    args.add("--labelDelay=10m");
    args.add("--predictionsTopic=" + predictions);
    args.add("--snapshotsTopic=" + snapshots);
    args.add("--metricsTopic=" + metrics);
    args.add("--unmatchedLabelsTopic=" + unmatched);
    args.add("--deadLetterTopic=" + deadLetters);
    args.add("--model=gaussian-nb");
    args.add("--features=raw");
    args.add("--snapshotEvery=" + SNAPSHOT_EVERY);
    args.add("--metricsWindow=fixed:1m");
    args.add("--readToEnd=true");
    OnlineLearningPipeline.Options options =
        OnlineLearningPipeline.options(RunnerProfiles.resolve(runner, args));
    assertEquals(PipelineResult.State.DONE, runToEnd(options));

    // The reference: each key's events in time order, predicted, then learned if labelled in time.
    Map<String, double[]> expectedProbabilities = new TreeMap<>();
    Map<String, Long> learned = new TreeMap<>();
    long correct = 0;
    long scored = 0;
    for (String key : new String[] {"a", "b"}) {
      OnlineModel model = OnlineGaussianNaiveBayes.create(2);
      for (Sent s : scenario) {
        if (!s.key().equals(key)) {
          continue;
        }
        double[] row = {s.x(), s.y()};
        double[] p = model.predictProba(row);
        expectedProbabilities.put(s.id(), p);
        if (s.labelJoins()) {
          scored++;
          correct += (p[1] > p[0] ? 1 : 0) == s.label().intValue() ? 1 : 0;
          model.learn(row, s.label());
        }
      }
      learned.put(key, model.version());
    }

    Map<String, String> seen = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : kafka.readToEnd(predictions)) {
      JsonNode json = JSON.readTree(record.value());
      String id = json.get("id").asText();
      double[] expected = expectedProbabilities.get(id);
      assertNotNull("unexpected prediction " + json, expected);
      assertNull("prediction " + id + " written twice", seen.put(id, json.toString()));
      double[] actual = {json.get("probabilities").get(0).asDouble(), json.get("probabilities").get(1).asDouble()};
      assertArrayEquals(id, expected, actual, 0.0);
    }
    assertEquals("one prediction per event", expectedProbabilities.keySet(), seen.keySet());

    Map<String, List<Long>> versions = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : kafka.readToEnd(snapshots)) {
      KeyedModelSnapshot snapshot = OnlineJson.snapshot(new String(record.value(), StandardCharsets.UTF_8));
      versions.computeIfAbsent(snapshot.key(), k -> new ArrayList<>()).add(snapshot.version());
    }
    for (String key : learned.keySet()) {
      List<Long> expectedVersions = new ArrayList<>();
      for (long v = SNAPSHOT_EVERY; v <= learned.get(key); v += SNAPSHOT_EVERY) {
        expectedVersions.add(v);
      }
      List<Long> got = versions.getOrDefault(key, List.of());
      assertEquals("snapshots of " + key, expectedVersions, got.stream().sorted().toList());
    }

    JsonNode whole = null;
    long windowScored = 0;
    for (ConsumerRecord<byte[], byte[]> record : kafka.readToEnd(metrics)) {
      JsonNode json = JSON.readTree(record.value());
      if (json.get("timing").asText().equals("STREAM")) {
        if (whole == null || json.get("scored").asLong() > whole.get("scored").asLong()) {
          whole = json;
        }
      } else {
        windowScored += json.get("scored").asLong();
      }
    }
    assertNotNull("whole-stream metrics", whole);
    assertEquals(scored, whole.get("scored").asLong());
    assertEquals(scored, windowScored);
    assertEquals((double) correct / scored, whole.get("accuracy").asDouble(), 1e-12);

    List<String> unmatchedIds = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : kafka.readToEnd(unmatched)) {
      unmatchedIds.add(JSON.readTree(record.value()).get("id").asText());
    }
    List<String> expectedUnmatched = new ArrayList<>();
    for (Sent s : scenario) {
      if (s.label() != null && !s.labelJoins()) {
        expectedUnmatched.add(s.id());
      }
    }
    expectedUnmatched.add("ghost-1");
    assertEquals(expectedUnmatched.stream().sorted().toList(), unmatchedIds.stream().sorted().toList());

    List<String> letters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : kafka.readToEnd(deadLetters)) {
      letters.add(new String(record.value(), StandardCharsets.UTF_8));
      assertNotNull(record.headers().lastHeader(DeadLetterSink.REASON));
    }
    List<String> expectedLetters = new ArrayList<>(badEvents);
    expectedLetters.addAll(badLabels);
    assertEquals(expectedLetters.stream().sorted().toList(), letters.stream().sorted().toList());
    assertTrue("some labels expired", scored < scenario.size());

    PREDICTIONS.put(runner, seen);
    for (Map.Entry<String, Map<String, String>> other : PREDICTIONS.entrySet()) {
      assertEquals(runner + " and " + other.getKey() + " disagree", other.getValue(), seen);
    }
    System.out.printf(
        "OnlineLearningPipelineIT[%s]: %d predictions, %d learned, accuracy %.4f, %d unmatched labels,"
            + " %d dead letters%n",
        runner, seen.size(), scored, (double) correct / scored, unmatchedIds.size(), letters.size());
  }

  private static ProducerRecord<byte[], byte[]> record(
      String topic, int partition, Instant at, String key, String value) {
    return new ProducerRecord<>(
        topic,
        partition,
        at.getMillis(),
        key.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8));
  }

  private static PipelineResult.State runToEnd(OnlineLearningPipeline.Options options)
      throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<PipelineResult.State> state =
          thread.submit(() -> OnlineLearningPipeline.run(options).waitUntilFinish());
      return state.get(180, TimeUnit.SECONDS);
    } finally {
      thread.shutdownNow();
    }
  }
}
