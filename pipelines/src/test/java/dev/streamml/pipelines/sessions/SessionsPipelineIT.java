package dev.streamml.pipelines.sessions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamml.pipelines.kafka.DeadLetterSink;
import dev.streamml.pipelines.runners.RunnerProfiles;
import dev.streamml.pipelines.testing.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.joda.time.Instant;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;

/**
 * The sessions pipeline end to end against a real Kafka broker, on Direct and on Flink: the first
 * {@value #LINES} lines of the bundled 1995-07-01 sample and {@code MALFORMED} lines in, then every
 * output topic read back. Checks: each malformed line is a dead letter with its original bytes and
 * reason; the sessions equal a plain sort by host and time cut at 30-minute gaps, written here;
 * lines in = requests in sessions + dead letters (nothing late); traffic windows hold every
 * request 5 times (sliding 5m/1m); every alert is a session; Direct and Flink write the same.
 */
public class SessionsPipelineIT {
  private static final int LINES = 3000;
  private static final long GAP_MS = 30 * 60_000;
  private static final Path SAMPLE = Path.of("../data/nasa-http/nasa_19950701.tsv");
  private static final List<String> MALFORMED =
      List.of(
          "this is not a log line",
          "in24.inetnebr.com\t-\tnoon\tGET\t/\t200\t1839",
          "a - - [01/Jul/1995:00:00:07 -0400] \"GET\" 304 0",
          "");
  private static final List<String> REASONS =
      List.of(
          "not a Common Log Format line",
          "is not Unix seconds",
          "is not METHOD URL",
          "empty line");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static KafkaTestBroker kafka;
  private static final Map<String, List<Map<String, String>>> OUTPUTS = new ConcurrentHashMap<>();

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
  public void directRunner() throws Exception {
    runScenario("direct");
  }

  @Test
  public void flinkRunner() throws Exception {
    runScenario("flink");
  }

  private void runScenario(String runner) throws Exception {
    long startNanos = System.nanoTime();
    String prefix = "sessions-it-" + runner + "-";
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (String name : List.of("log", "sessions", "traffic", "alerts", "late", "dead")) {
      topics.put(prefix + name, name.equals("log") ? 2 : 1);
    }
    kafka.createTopics(topics);

    List<String> lines = Files.readAllLines(SAMPLE, StandardCharsets.UTF_8).subList(1, LINES + 1);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    long firstMillis = Long.parseLong(lines.get(0).split("\t")[2]) * 1000;
    for (String line : lines) {
      String[] f = line.split("\t");
      // One partition per host, so each partition's times only go forward, as in a real log.
      records.add(
          new ProducerRecord<>(
              prefix + "log", Math.floorMod(f[0].hashCode(), 2), Long.parseLong(f[2]) * 1000,
              f[0].getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8)));
    }
    for (int i = 0; i < MALFORMED.size(); i++) {
      // Stamped with the first request time: they do not move the watermark.
      records.add(
          new ProducerRecord<>(
              prefix + "log", i % 2, firstMillis, null,
              MALFORMED.get(i).getBytes(StandardCharsets.UTF_8)));
    }
    kafka.send(records);

    List<String> args = new ArrayList<>();
    args.add("--bootstrapServers=" + kafka.bootstrapServers());
    args.add("--inputTopic=" + prefix + "log");
    args.add("--sessionsTopic=" + prefix + "sessions");
    args.add("--trafficTopic=" + prefix + "traffic");
    args.add("--sessionAlertsTopic=" + prefix + "alerts");
    args.add("--lateRequestsTopic=" + prefix + "late");
    args.add("--deadLetterTopic=" + prefix + "dead");
    // No processing-time early firings: their panes depend on speed, and runs are compared.
    args.add("--sessionTrigger=lateness=10m,accumulating");
    args.add("--readToEnd=true");
    SessionsPipeline.Options options =
        SessionsPipeline.options(RunnerProfiles.resolve(runner, args));
    assertEquals("pipeline state on " + runner, PipelineResult.State.DONE, runToEnd(options));

    assertDeadLetters(kafka.readToEnd(prefix + "dead"), prefix + "log");
    Map<String, String> sessions = byKey(kafka.readToEnd(prefix + "sessions"), "sessions");
    Map<String, String> traffic = byKey(kafka.readToEnd(prefix + "traffic"), "traffic");
    Map<String, String> alerts = byKey(kafka.readToEnd(prefix + "alerts"), "alerts");
    assertEquals("late requests", 0, kafka.readToEnd(prefix + "late").size());

    TreeSet<String> actual = new TreeSet<>();
    long requestsInSessions = 0;
    for (String text : sessions.values()) {
      JsonNode session = JSON.readTree(text);
      assertEquals("pane of " + text, "ON_TIME", session.path("pane").path("timing").asText());
      long requests = session.path("requests").asLong();
      requestsInSessions += requests;
      actual.add(
          session.path("host").asText() + "|" + Instant.parse(session.path("start").asText())
              .getMillis() + "|" + Instant.parse(session.path("end").asText()).getMillis()
              + "|" + requests);
    }
    assertEquals("sessions vs a plain sort by host and time", plainSessions(lines), actual);
    assertEquals(
        "lines in = requests in sessions + dead letters",
        LINES + MALFORMED.size(),
        requestsInSessions + MALFORMED.size());

    long trafficRequests = 0;
    for (String text : traffic.values()) {
      trafficRequests += JSON.readTree(text).path("requests").asLong();
    }
    assertEquals("each request in 5 sliding windows", 5L * LINES, trafficRequests);

    for (Map.Entry<String, String> alert : alerts.entrySet()) {
      JsonNode json = JSON.readTree(alert.getValue());
      assertEquals("OUTLIER", json.path("label").asText());
      // Alerts are keyed by session id, host@window_start, as sessions are read here.
      assertTrue("alert " + alert.getKey() + " is a session", sessions.containsKey(alert.getKey()));
    }

    List<Map<String, String>> outputs = List.of(sessions, traffic, alerts);
    OUTPUTS.put(runner, outputs);
    for (Map.Entry<String, List<Map<String, String>>> other : OUTPUTS.entrySet()) {
      assertEquals(runner + " and " + other.getKey() + " disagree", other.getValue(), outputs);
    }
    System.out.printf(
        "SessionsPipelineIT[%s]: %d lines + %d malformed, %d sessions, %d traffic windows, %d"
            + " alerts; %.1f s%n",
        runner, LINES, MALFORMED.size(), sessions.size(), traffic.size(), alerts.size(),
        (System.nanoTime() - startNanos) / 1e9);
  }

  /** Sessions as host|first|last|requests by a plain sort, cut where the gap is 30 min or more. */
  private static TreeSet<String> plainSessions(List<String> lines) {
    List<String[]> rows = new ArrayList<>();
    for (String line : lines) {
      rows.add(line.split("\t"));
    }
    rows.sort(
        Comparator.comparing((String[] r) -> r[0]).thenComparingLong(r -> Long.parseLong(r[2])));
    TreeSet<String> sessions = new TreeSet<>();
    String host = null;
    long first = 0;
    long last = 0;
    long count = 0;
    for (String[] row : rows) {
      long millis = Long.parseLong(row[2]) * 1000;
      if (row[0].equals(host) && millis - last < GAP_MS) {
        last = millis;
        count++;
        continue;
      }
      if (host != null) {
        sessions.add(host + "|" + first + "|" + last + "|" + count);
      }
      host = row[0];
      first = millis;
      last = millis;
      count = 1;
    }
    sessions.add(host + "|" + first + "|" + last + "|" + count);
    return sessions;
  }

  /**
   * Records by an id made of their key and, for sessions, the window start (a host has several
   * sessions); no id may be written twice.
   */
  private static Map<String, String> byKey(
      List<ConsumerRecord<byte[], byte[]>> records, String what) throws Exception {
    Map<String, String> byId = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      String text = new String(record.value(), StandardCharsets.UTF_8);
      String key = new String(record.key(), StandardCharsets.UTF_8);
      String id =
          what.equals("sessions")
              ? key + "@" + JSON.readTree(text).path("window_start").asText()
              : key;
      assertNull(what + " " + id + " written twice", byId.put(id, text));
    }
    return byId;
  }

  private static void assertDeadLetters(List<ConsumerRecord<byte[], byte[]>> letters, String input) {
    assertEquals("dead letters", MALFORMED.size(), letters.size());
    Map<String, ConsumerRecord<byte[], byte[]>> byPayload = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> letter : letters) {
      byPayload.put(new String(letter.value(), StandardCharsets.UTF_8), letter);
    }
    for (int i = 0; i < MALFORMED.size(); i++) {
      ConsumerRecord<byte[], byte[]> letter = byPayload.get(MALFORMED.get(i));
      assertNotNull("dead letter for '" + MALFORMED.get(i) + "'", letter);
      assertArrayEquals(MALFORMED.get(i).getBytes(StandardCharsets.UTF_8), letter.value());
      assertThat(header(letter, DeadLetterSink.REASON), containsString(REASONS.get(i)));
      assertEquals("parse", header(letter, DeadLetterSink.STAGE));
      assertEquals(input, header(letter, DeadLetterSink.SOURCE_TOPIC));
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    assertNotNull("missing header " + name, header);
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private static PipelineResult.State runToEnd(SessionsPipeline.Options options) throws Exception {
    ExecutorService pipelineThread = Executors.newSingleThreadExecutor();
    try {
      Future<PipelineResult.State> state =
          pipelineThread.submit(() -> SessionsPipeline.run(options).waitUntilFinish());
      return state.get(180, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(options.getRunner().getSimpleName() + " did not finish", e);
    } finally {
      pipelineThread.shutdownNow();
    }
  }
}
