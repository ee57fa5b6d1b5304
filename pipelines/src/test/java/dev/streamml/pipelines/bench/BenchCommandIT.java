package dev.streamml.pipelines.bench;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamml.cli.StreammlCli;
import dev.streamml.pipelines.testing.KafkaTestBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Smoke test of {@code ./streamml bench}: 2,000 events through the anomaly pipeline on the Direct
 * runner and through its baseline, against a real broker. Checks the printed line's format and that
 * the baseline wrote the same results as the pipeline (the same JSON for every event), which is
 * what makes its rate a fair reference. Figures are not checked: timing belongs to benchmarks.
 */
public class BenchCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static KafkaTestBroker kafka;

  @BeforeClass
  public static void startKafka() {
    kafka = KafkaTestBroker.start();
  }

  @AfterClass
  public static void stopKafka() {
    kafka.close();
  }

  @Test
  public void printsTheBenchLineAndTheBaselineMatchesThePipeline() throws Exception {
    String out =
        benchOutput(
            "--pipeline=anomaly",
            "--runner=direct",
            "--events=2000",
            "--keys=4",
            "--detector=zscore",
            "--enforceImmutability=false");
    List<String> bench =
        out.lines().filter(line -> line.startsWith("bench ")).collect(Collectors.toList());
    assertEquals(out, 1, bench.size());
    assertThat(
        bench.get(0),
        matchesPattern(
            "bench pipeline=anomaly runner=direct events=2000 events_per_s=\\d+"
                + " baseline_events_per_s=\\d+ ratio=\\d+\\.\\d{3}"));

    Map<String, String> pipeline = results("full-beam-scores");
    Map<String, String> baseline = results("full-base-scores");
    assertEquals(2000, pipeline.size());
    assertEquals(pipeline, baseline);
    long outliers = pipeline.values().stream().filter(json -> json.contains("OUTLIER")).count();
    assertThat("the generator's spikes are found", outliers, greaterThan(0L));
  }

  /**
   * A latency run on embedded Flink with the flink profile as it is: the pipeline reads a live
   * stream and must give every measured event its result, once, after it was sent. (How soon is a
   * benchmark figure, not checked here: docs/benchmarks.md.)
   */
  @Test
  public void latencyRunOnFlinkMeasuresEveryEventOfALiveStream() throws Exception {
    Path trace = Files.createTempFile("streamml-latency", ".csv");
    String out =
        benchOutput(
            "--pipeline=anomaly",
            "--runner=flink",
            "--events=600",
            "--rate=200",
            "--keys=10",
            "--warmup=2s",
            "--trace=" + trace,
            "--detector=zscore");
    List<String> lines =
        out.lines().filter(line -> line.startsWith("latency ")).collect(Collectors.toList());
    assertEquals(out, 1, lines.size());
    assertThat(
        lines.get(0),
        matchesPattern(
            "latency pipeline=anomaly runner=flink rate=200 p50_ms=\\d+ p99_ms=\\d+ p999_ms=\\d+"));
    List<String> traced = Files.readAllLines(trace);
    assertEquals("every measured event has its result, once", 600, traced.size());
    for (String line : traced) {
      assertThat("seen after sent: " + line, visibleMillis(line) - sentMillis(line), greaterThan(-1L));
    }
  }

  /** What {@code ./streamml bench ARGS} prints on this broker; fails unless it exits with 0. */
  private static String benchOutput(String... args) {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      List<String> all = new ArrayList<>();
      all.add("bench");
      all.add("--bootstrap-servers=" + kafka.bootstrapServers());
      all.addAll(List.of(args));
      exit = StreammlCli.execute(all.toArray(new String[0]));
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertEquals(out, 0, exit);
    return out;
  }

  private static long sentMillis(String traceLine) {
    return Long.parseLong(traceLine.substring(0, traceLine.indexOf(',')));
  }

  private static long visibleMillis(String traceLine) {
    return Long.parseLong(traceLine.substring(traceLine.indexOf(',') + 1));
  }

  /** Results on the topic ending in {@code suffix}, by key and event time. */
  private static Map<String, String> results(String suffix) throws Exception {
    String topic = topicEndingWith(suffix);
    Map<String, String> byEvent = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : kafka.readToEnd(topic)) {
      JsonNode result = parse(record.value());
      byEvent.put(
          result.path("key").asText() + "@" + result.path("timestamp").asText(), result.toString());
    }
    return byEvent;
  }

  private static String topicEndingWith(String suffix) throws Exception {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin admin = Admin.create(config)) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(name -> name.endsWith(suffix))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no topic ending in " + suffix));
    }
  }

  private static JsonNode parse(byte[] value) throws IOException {
    return JSON.readTree(value);
  }
}
