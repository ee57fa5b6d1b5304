package dev.streamml.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import dev.streamml.anomaly.AnomalyDetection;
import dev.streamml.anomaly.AnomalyDetector;
import dev.streamml.events.ParseEvents;
import dev.streamml.launchers.FlinkRest;
import dev.streamml.launchers.JobMetrics;
import dev.streamml.launchers.LocalFlinkCluster;
import dev.streamml.launchers.LocalKafkaBroker;
import dev.streamml.pipelines.anomaly.AnomalyPipeline;
import dev.streamml.pipelines.anomaly.DetectorCatalog;
import dev.streamml.pipelines.runners.RunnerProfiles;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The streamml Beam metrics of a job on a real Flink session cluster (one JobManager, one
 * TaskManager with two slots, separate JVMs), read the way the Flink web UI reads them: through the
 * JobManager's REST API, per vertex ({@link JobMetrics}).
 *
 * <p>The anomaly pipeline is submitted with the bundled jar, parallelism 2, reading a two-partition
 * topic that holds {@value #KEYS} keys x {@value #EVENTS_PER_KEY} events (one key per partition, one
 * event a minute, one spike each) and {@value #BAD} records that cannot be parsed. The job reads
 * without end; once the partitions are caught up and idle, the watermark follows the wall clock, so
 * every event is scored and each key's model is dropped by its idle timer (its events are years
 * old). The expected figures come from the records sent and from the same detector replayed over
 * each key's values in this JVM, never from the pipeline.
 *
 * <p>Figures are printed as lines starting with {@code METRICS}.
 */
public class FlinkClusterMetricsIT {

  static final int KEYS = 2;
  static final int EVENTS_PER_KEY = 60;
  static final int SPIKE_AT = 45;
  static final List<String> BAD =
      List.of(
          "{not json",
          "{\"key\":\"sensor-0\",\"timestamp\":1709251200000,\"value\":\"high\"}",
          "{\"key\":\"sensor-1\",\"value\":12.5}");
  static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
  static final String DETECTOR = "zscore";
  static final String PARSED = ParseEvents.METRICS_NAMESPACE + ".parsed";
  static final String DEAD_LETTERS = ParseEvents.METRICS_NAMESPACE + ".dead_letters";
  static final String SCORED = AnomalyDetection.METRIC_NAMESPACE + "." + AnomalyDetection.SCORED;
  static final String OUTLIERS =
      AnomalyDetection.METRIC_NAMESPACE + "." + AnomalyDetection.OUTLIERS;
  static final String WARMUP = AnomalyDetection.METRIC_NAMESPACE + "." + AnomalyDetection.WARMUP;
  static final String STATE_CLEARED =
      AnomalyDetection.METRIC_NAMESPACE + "." + AnomalyDetection.STATE_CLEARED;
  static final String LATE_EVENTS =
      AnomalyDetection.METRIC_NAMESPACE + "." + AnomalyDetection.LATE_EVENTS;
  static final String SCORES =
      AnomalyDetection.METRIC_NAMESPACE + "." + AnomalyDetection.SCORE_PER_MILLE;
  private static final Duration METRICS_TIMEOUT = Duration.ofSeconds(90);

  @Rule public final Timeout timeout = Timeout.seconds(240);

  @Test
  public void beamMetricsShowInTheFlinkRestApiOfTheWebUi() throws Exception {
    long t0 = System.nanoTime();
    // Broker and cluster start side by side: each spends most of its start-up waiting.
    CompletableFuture<LocalKafkaBroker> kafkaStart =
        CompletableFuture.supplyAsync(
            () ->
                LocalKafkaBroker.builder()
                    .heap("512m")
                    .extraConfig("offsets.topic.num.partitions", "1")
                    .extraConfig("transaction.state.log.num.partitions", "1")
                    .start());
    LocalFlinkCluster flink = null;
    LocalKafkaBroker kafka = null;
    try {
      flink =
          LocalFlinkCluster.builder()
              .taskManagers(1)
              .slotsPerTaskManager(2)
              // The UI's figures are refreshed from the TaskManagers this often (Flink's default
              // is 10 s); shorter keeps the test short, and changes nothing else.
              .config("metrics.fetcher.update-interval", "1000")
              .start();
      kafka = kafkaStart.get(120, TimeUnit.SECONDS);
      System.out.printf(
          "METRICS setup: Kafka %s and Flink %s up in %.1f s%n",
          kafka.bootstrapServers(), flink.restAddress(), (System.nanoTime() - t0) / 1e9);
      run(kafka, flink);
    } finally {
      try {
        if (flink != null) {
          flink.close();
        }
      } finally {
        LocalKafkaBroker broker = kafka != null ? kafka : kafkaStart.handle((k, e) -> k).get();
        if (broker != null) {
          broker.close();
        }
      }
    }
  }

  private void run(LocalKafkaBroker kafka, LocalFlinkCluster flink) throws Exception {
    String input = "metrics-events";
    createTopics(kafka.bootstrapServers(), input);
    int sent = sendEvents(kafka.bootstrapServers(), input);
    Expected expected = Expected.replay();

    String jobName = "metrics-it";
    AnomalyPipeline.Options options =
        AnomalyPipeline.options(
            RunnerProfiles.resolve(
                "flink-cluster",
                List.of(
                    "--flinkMaster=" + flink.restAddress(),
                    "--jobName=" + jobName,
                    "--attachedMode=false",
                    "--parallelism=2",
                    "--bootstrapServers=" + kafka.bootstrapServers(),
                    "--inputTopic=" + input,
                    "--scoresTopic=metrics-scores",
                    "--alertsTopic=metrics-alerts",
                    "--deadLetterTopic=metrics-dead-letters",
                    "--detector=" + DETECTOR,
                    "--kafkaGroupPrefix=metrics-it")));
    long submitted = System.nanoTime();
    AnomalyPipeline.run(options);
    FlinkRest rest = flink.rest();
    String jobId = awaitRunning(rest, jobName);

    JobMetrics metrics = null;
    long deadline = System.nanoTime() + METRICS_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      metrics = JobMetrics.read(rest, jobId, "streamml.");
      if (metrics.counter(SCORED) >= expected.scored
          && metrics.counter(DEAD_LETTERS) >= BAD.size()
          && metrics.counter(STATE_CLEARED) >= KEYS) {
        break;
      }
      Thread.sleep(1_000);
    }
    double seconds = (System.nanoTime() - submitted) / 1e9;
    assertNotNull(metrics);
    System.out.printf(
        "METRICS job %s: %d records sent (%d events, %d bad); figures complete in the REST API"
            + " %.1f s after submission:%n",
        jobId, sent, KEYS * EVENTS_PER_KEY, BAD.size(), seconds);
    metrics.lines().forEach(line -> System.out.println("METRICS " + line));
    printRawCalls(rest, jobId);
    try {
      assertEquals("events in", sent - BAD.size(), metrics.counter(PARSED));
      assertEquals("dead letters", BAD.size(), metrics.counter(DEAD_LETTERS));
      assertEquals("results", expected.scored, metrics.counter(SCORED));
      assertEquals("alerts", expected.outliers, metrics.counter(OUTLIERS));
      assertEquals("warm-up results", expected.warmup, metrics.counter(WARMUP));
      assertEquals("state clears", KEYS, metrics.counter(STATE_CLEARED));
      // A counter that never counted is never registered, so no late event shows as "absent".
      assertEquals("late events", -1, metrics.counter(LATE_EVENTS));
      JobMetrics.Distribution scores = metrics.distribution(SCORES);
      assertNotNull("score distribution reported", scores);
      assertEquals("scores counted", expected.finiteScores, scores.count);
      assertEquals("score sum (per mille)", expected.scoreSum, scores.sum);
      assertEquals("lowest score (per mille)", expected.scoreMin, scores.min);
      assertEquals("highest score (per mille)", expected.scoreMax, scores.max);
    } finally {
      for (String id : rest.runningJobs()) {
        rest.cancel(id);
      }
    }
  }

  /** What the UI's own calls return, so docs/operations.md can quote them. */
  private static void printRawCalls(FlinkRest rest, String jobId) {
    String job = rest.get("/jobs/" + jobId);
    Matcher vertex =
        Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f]{32})\"")
            .matcher(job.substring(Math.max(0, job.indexOf("\"vertices\""))));
    Set<String> vertices = new LinkedHashSet<>();
    while (vertex.find()) {
      vertices.add(vertex.group(1)); // the job's plan names each vertex again
    }
    for (String id : vertices) {
      String path = "/jobs/" + jobId + "/vertices/" + id + "/metrics";
      Matcher ids = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]*streamml_[^\"]*)\"").matcher(rest.get(path));
      List<String> names = new ArrayList<>();
      while (ids.find()) {
        names.add(ids.group(1));
      }
      System.out.println("METRICS GET " + path + " -> " + names.size() + " streamml metrics");
      if (!names.isEmpty()) {
        String query = URLEncoder.encode(String.join(",", names), StandardCharsets.UTF_8);
        System.out.println("METRICS GET " + path + "?get=... -> " + rest.get(path + "?get=" + query));
      }
    }
    String accumulators = rest.get("/jobs/" + jobId + "/accumulators");
    System.out.println("METRICS GET /jobs/" + jobId + "/accumulators -> " + abbreviate(accumulators));
  }

  private static String abbreviate(String text) {
    return text.length() <= 160 ? text : text.substring(0, 160) + "...";
  }

  private static String awaitRunning(FlinkRest rest, String jobName) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> id = rest.activeJobNamed(jobName);
      if (id.isPresent() && rest.jobState(id.get()).equals("RUNNING")) {
        return id.get();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("job " + jobName + " not running within 90 s");
  }

  private static void createTopics(String bootstrap, String input) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(input, KEYS, (short) 1),
                  new NewTopic("metrics-scores", 1, (short) 1),
                  new NewTopic("metrics-alerts", 1, (short) 1),
                  new NewTopic("metrics-dead-letters", 1, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
  }

  /** Every event and bad record, before the job starts; returns the number of records sent. */
  private static int sendEvents(String bootstrap, String input) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    int sent = 0;
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < EVENTS_PER_KEY; i++) {
        long millis = T0.getMillis() + i * 60_000L;
        for (int k = 0; k < KEYS; k++) {
          String json =
              "{\"key\":\"" + key(k) + "\",\"timestamp\":" + millis + ",\"value\":" + value(k, i) + "}";
          // Event time is the JSON field; the Kafka record keeps the send time. A 2024 record
          // timestamp would put the records past the topic's 7-day retention, and the broker's
          // first retention check (30 s after it starts) deleted such a partition before the job
          // read it (seen here: one partition's events never arrived).
          producer.send(new ProducerRecord<>(input, k, null, key(k), json));
          sent++;
        }
      }
      for (String bad : BAD) {
        producer.send(new ProducerRecord<>(input, 0, null, bad));
        sent++;
      }
      producer.flush();
    }
    return sent;
  }

  static String key(int k) {
    return "sensor-" + k;
  }

  /** A slow wave per key, one spike at {@value #SPIKE_AT}. */
  static double value(int k, int i) {
    if (i == SPIKE_AT) {
      return 500.0 + k;
    }
    return 10.0 * (k + 1) + Math.sin((i + 3 * k) / 4.0) + ((i * 31 + k * 17) % 10) / 100.0;
  }

  /** The figures an independent replay of the detector gives for the events sent. */
  static final class Expected {
    long scored;
    long outliers;
    long warmup;
    long finiteScores;
    long scoreSum;
    long scoreMin = Long.MAX_VALUE;
    long scoreMax = Long.MIN_VALUE;

    static Expected replay() {
      Expected e = new Expected();
      for (int k = 0; k < KEYS; k++) {
        AnomalyDetector detector = DetectorCatalog.named(DETECTOR);
        for (int i = 0; i < EVENTS_PER_KEY; i++) {
          double[] point = {value(k, i)};
          boolean warm = detector.isWarm();
          double score = detector.score(point);
          detector.learn(point);
          e.scored++;
          if (!warm) {
            e.warmup++;
          } else if (score >= AnomalyDetection.DEFAULT_THRESHOLD) {
            e.outliers++;
          }
          if (Double.isFinite(score)) {
            long perMille = Math.round(1000 * score);
            e.finiteScores++;
            e.scoreSum += perMille;
            e.scoreMin = Math.min(e.scoreMin, perMille);
            e.scoreMax = Math.max(e.scoreMax, perMille);
          }
        }
      }
      assertTrue("the scenario has alerts", e.outliers >= KEYS);
      return e;
    }
  }
}
