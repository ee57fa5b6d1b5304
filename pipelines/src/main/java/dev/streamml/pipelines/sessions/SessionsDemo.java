package dev.streamml.pipelines.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamml.pipelines.report.SessionsReport;
import dev.streamml.pipelines.demo.DemoBroker;
import dev.streamml.pipelines.demo.KafkaTopics;
import dev.streamml.pipelines.demo.PipelineRun;
import dev.streamml.pipelines.demo.ProgressLine;
import dev.streamml.pipelines.runners.RunnerProfiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.annotation.Nullable;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code streamml demo sessions}: replays a bundled NASA-HTTP log sample into Kafka (each record
 * stamped with its request time, plus a few malformed lines), runs the {@link SessionsPipeline}
 * until the replay is consumed, prints closed sessions and alerts as they reach their topics, then
 * a summary. Starts and stops a local broker unless one is given.
 *
 * <p>Per the data's terms (no analysis beyond general traffic patterns), printed lines leave the
 * host out; the topics carry it, as a sessions pipeline must.
 *
 * <pre>{@code
 * int exitCode = SessionsDemo.create(System.out, "direct", null, null, Duration.ofMinutes(15)).run();
 * }</pre>
 */
public final class SessionsDemo {

  /** The sample replayed unless another is given, under the streamml home. */
  public static final String DEFAULT_LOG = "data/nasa-http/nasa_19950701.tsv";

  /** Closed sessions printed as they arrive; the rest are counted. */
  static final int SESSIONS_SHOWN = 10;

  /** Malformed lines sent after the log, to show the dead-letter path. */
  static final List<String> MALFORMED =
      List.of(
          "this is not a log line",
          "in24.inetnebr.com\t-\tnoon\tGET\t/\t200\t1839",
          "uplherc.upl.com - - [01/Jul/1995:00:00:07 -0400] \"GET\" 304 0");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the demo writes its HTML report. */
  static final Path REPORT = Path.of("reports", "sessions.html");
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final PrintStream out;
  private final String runner;
  private final @Nullable String bootstrapServers;
  private final Path log;
  private final Duration timeout;
  private final boolean terminal = System.console() != null;

  private SessionsDemo(
      PrintStream out, String runner, @Nullable String bootstrapServers, Path log, Duration timeout) {
    this.out = out;
    this.runner = runner;
    this.bootstrapServers = bootstrapServers;
    this.log = log;
    this.timeout = timeout;
  }

  /**
   * A demo printing to {@code out}, on {@code runner}, with the broker at {@code bootstrapServers}
   * (null: start a local one), replaying {@code log} (null: {@link #DEFAULT_LOG}), giving up after
   * {@code timeout}.
   */
  public static SessionsDemo create(
      PrintStream out,
      String runner,
      @Nullable String bootstrapServers,
      @Nullable Path log,
      Duration timeout) {
    RunnerProfiles.profileOf(runner);
    Path file =
        log != null ? log : Path.of(System.getProperty("streamml.home", ".")).resolve(DEFAULT_LOG);
    return new SessionsDemo(out, runner, bootstrapServers, file, timeout);
  }

  /** Runs the demo; returns the exit code (0 when the pipeline finished). */
  public int run() throws Exception {
    LogReplay replay;
    try {
      replay = LogReplay.load(log, 0);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid --data: " + e.getMessage(), e);
    }
    out.printf(
        "streamml demo sessions: %d requests from %s to %s UTC, from %s%n",
        replay.size(),
        CLOCK.format(Instant.ofEpochMilli(replay.firstMillis())),
        CLOCK.format(Instant.ofEpochMilli(replay.lastMillis())),
        log);
    return DemoBroker.run(out, bootstrapServers, bootstrap -> runDemo(replay, bootstrap));
  }

  private int runDemo(LogReplay replay, String servers) throws Exception {
    String prefix = "streamml-sessions-demo-" + System.currentTimeMillis() + "-";
    Topics topics = new Topics(prefix);
    Map<String, Integer> partitions = new LinkedHashMap<>();
    partitions.put(topics.input, 2);
    for (String topic : topics.outputs()) {
      partitions.put(topic, 1);
    }
    KafkaTopics.ensure(servers, partitions);

    long sent = replay.sendTo(servers, topics.input, MALFORMED);
    out.printf(
        "replayed %d lines into %s (%d malformed on purpose, to show the dead-letter path)%n",
        sent, topics.input, MALFORMED.size());

    List<String> args = new ArrayList<>();
    args.add("--bootstrapServers=" + servers);
    args.add("--inputTopic=" + topics.input);
    args.add("--sessionsTopic=" + topics.sessions);
    args.add("--trafficTopic=" + topics.traffic);
    args.add("--sessionAlertsTopic=" + topics.alerts);
    args.add("--lateRequestsTopic=" + topics.late);
    args.add("--deadLetterTopic=" + topics.deadLetters);
    args.add("--readToEnd=true");
    if (RunnerProfiles.profileOf(runner).equals("direct")) {
      args.add("--blockOnRun=false");
    }
    SessionsPipeline.Options options =
        SessionsPipeline.options(RunnerProfiles.resolve(runner, args));
    out.printf(
        "running the sessions pipeline on %s: gap %s, panes %s, traffic %s, alert when a score"
            + " >= %s%n",
        options.getRunner().getSimpleName(),
        options.getSessionGap(),
        options.getSessionTrigger(),
        options.getTrafficWindow(),
        options.getAlertThreshold());

    AtomicLong read = new AtomicLong(-1);
    long startNanos = System.nanoTime();
    PipelineResult.State state;
    try (Watch watch = Watch.start(servers, topics, this::printSession, this::printAlert)) {
      try (ProgressLine progress =
          ProgressLine.start(
              out,
              () ->
                  String.format(
                      "lines read %s/%d | sessions closed %d | alerts %d | traffic windows %d"
                          + " | dead letters %d",
                      read.get() < 0 ? "-" : String.valueOf(read.get()),
                      sent,
                      watch.closedSessions(),
                      watch.alerts.get(),
                      watch.trafficWindows(),
                      watch.deadLetters.get()))) {
        state = PipelineRun.toEnd(() -> SessionsPipeline.run(options), timeout, read, () -> false);
        watch.awaitQuiet(Duration.ofSeconds(2), Duration.ofSeconds(30));
      }
      printSummary(watch, topics, sent, read.get(), (System.nanoTime() - startNanos) / 1e9);
      Path written =
          SessionsReport.write(
              watch.sessions(),
              watch.traffic(),
              watch.alerts.get(),
              String.valueOf(log.getFileName()),
              REPORT);
      out.println("report: " + written.toAbsolutePath().normalize());
    }
    return state == PipelineResult.State.DONE ? 0 : 1;
  }

  private void printSession(JsonNode session, long shown) {
    if (shown == SESSIONS_SHOWN) {
      print("... (further sessions are counted, not printed)");
    }
    if (shown >= SESSIONS_SHOWN) {
      return;
    }
    print(
        String.format(
            "session  %s  %6.1f min  %4d requests  %3d URLs  %8.1f kB  errors %4.1f%%  (host"
                + " withheld)",
            CLOCK.format(Instant.parse(session.path("start").asText())),
            session.path("duration_s").asDouble() / 60,
            session.path("requests").asLong(),
            session.path("distinct_urls").asLong(),
            session.path("bytes").asLong() / 1000.0,
            100 * session.path("error_ratio").asDouble()));
  }

  private void printAlert(JsonNode alert) {
    JsonNode f = alert.path("features");
    print(
        String.format(
            "ALERT    session ending %s  %6.1f min  %4d requests  %3d URLs  %8.1f kB  errors"
                + " %4.1f%%  score %.5f",
            CLOCK.format(Instant.parse(alert.path("window_end").asText())),
            f.path("duration_s").asDouble() / 60,
            f.path("requests").asLong(),
            f.path("distinct_urls").asLong(),
            f.path("bytes").asDouble() / 1000.0,
            100 * f.path("error_ratio").asDouble(),
            alert.path("score").asDouble()));
  }

  // One print call: the progress line's redraw cannot split it.
  private void print(String line) {
    out.print((terminal ? "\r\033[K" : "") + line + System.lineSeparator());
    out.flush();
  }

  private void printSummary(Watch watch, Topics topics, long sent, long read, double seconds) {
    out.println();
    out.printf(
        "lines replayed        %d (%d requests, %d malformed)%n",
        sent, sent - MALFORMED.size(), MALFORMED.size());
    out.printf("lines read            %s%n", read < 0 ? "-" : String.valueOf(read));
    out.printf(
        "sessions closed       %d (topic %s; %d early panes while they grew)%n",
        watch.closedSessions(), topics.sessions, watch.earlyPanes.get());
    out.printf("requests in sessions  %d%n", watch.requestsInSessions());
    out.printf("late requests         %d (topic %s)%n", watch.late.get(), topics.late);
    out.printf("dead letters          %d (topic %s)%n", watch.deadLetters.get(), topics.deadLetters);
    out.printf("alerts                %d (topic %s)%n", watch.alerts.get(), topics.alerts);
    JsonNode peak = watch.peakWindow();
    out.printf("traffic windows       %d (topic %s)%n", watch.trafficWindows(), topics.traffic);
    if (peak != null) {
      out.printf(
          "  busiest window      %s: %.2f requests/s, %.1f MB, error ratio %.3f%n",
          CLOCK.format(Instant.parse(peak.path("window_start").asText())),
          peak.path("requests_per_s").asDouble(),
          peak.path("bytes").asLong() / 1e6,
          peak.path("error_ratio").asDouble());
      for (JsonNode url : peak.path("top_urls")) {
        out.printf("    %5d  %s%n", url.path("count").asLong(), url.path("url").asText());
      }
    }
    out.printf("elapsed               %.1f s%n", seconds);
  }

  /** The demo's topic names. */
  static final class Topics {
    final String input;
    final String sessions;
    final String traffic;
    final String alerts;
    final String late;
    final String deadLetters;

    Topics(String prefix) {
      input = prefix + "access-log";
      sessions = prefix + "sessions";
      traffic = prefix + "traffic";
      alerts = prefix + "alerts";
      late = prefix + "late";
      deadLetters = prefix + "dead-letters";
    }

    List<String> outputs() {
      return List.of(sessions, traffic, alerts, late, deadLetters);
    }
  }

  /** Sink of printed sessions: the JSON and how many were shown before it. */
  interface SessionPrinter {
    void print(JsonNode session, long shownBefore);
  }

  /** Reads the output topics on a background thread while the pipeline runs. */
  static final class Watch implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final SessionPrinter onSession;
    private final java.util.function.Consumer<JsonNode> onAlert;
    private final Map<String, Long> requestsBySession = new TreeMap<>();
    private final Map<String, JsonNode> sessionById = new TreeMap<>();
    private final Map<String, JsonNode> trafficByWindow = new TreeMap<>();
    final AtomicLong earlyPanes = new AtomicLong();
    final AtomicLong alerts = new AtomicLong();
    final AtomicLong late = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong lastRecordNanos = new AtomicLong(System.nanoTime());
    private final Thread thread;

    private Watch(
        KafkaConsumer<byte[], byte[]> consumer,
        Topics topics,
        SessionPrinter onSession,
        java.util.function.Consumer<JsonNode> onAlert) {
      this.consumer = consumer;
      this.topics = topics;
      this.onSession = onSession;
      this.onAlert = onAlert;
      this.thread = new Thread(this::poll, "streamml-sessions-watch");
      this.thread.setDaemon(true);
    }

    static Watch start(
        String servers,
        Topics topics,
        SessionPrinter onSession,
        java.util.function.Consumer<JsonNode> onAlert) {
      Properties config = new Properties();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics.outputs()) {
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Watch watch = new Watch(consumer, topics, onSession, onAlert);
      watch.thread.start();
      return watch;
    }

    private void poll() {
      try {
        while (running.get()) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            lastRecordNanos.set(System.nanoTime());
            String topic = record.topic();
            if (topic.equals(topics.deadLetters)) {
              deadLetters.incrementAndGet();
              continue;
            }
            JsonNode json = parse(record.value());
            if (json == null) {
              continue;
            }
            if (topic.equals(topics.sessions)) {
              session(json);
            } else if (topic.equals(topics.alerts)) {
              alerts.incrementAndGet();
              onAlert.accept(json);
            } else if (topic.equals(topics.traffic)) {
              synchronized (trafficByWindow) {
                trafficByWindow.put(json.path("window_start").asText(), json);
              }
            } else if (topic.equals(topics.late)) {
              if (json.path("stage").asText().equals("sessions")) {
                late.incrementAndGet();
              }
            }
          }
        }
      } finally {
        consumer.close(Duration.ofSeconds(5));
      }
    }

    private void session(JsonNode json) {
      if (json.path("pane").path("timing").asText().equals("EARLY")) {
        earlyPanes.incrementAndGet();
        return;
      }
      String id = json.path("host").asText() + "@" + json.path("window_start").asText();
      long shown;
      synchronized (requestsBySession) {
        shown = requestsBySession.size();
        requestsBySession.put(id, json.path("requests").asLong());
        sessionById.put(id, json);
      }
      onSession.print(json, shown);
    }

    private static @Nullable JsonNode parse(byte[] value) {
      try {
        return JSON.readTree(value);
      } catch (IOException e) {
        return null;
      }
    }

    /** The latest pane of every closed session. */
    List<JsonNode> sessions() {
      synchronized (requestsBySession) {
        return new ArrayList<>(sessionById.values());
      }
    }

    /** Every traffic window's latest pane. */
    List<JsonNode> traffic() {
      synchronized (trafficByWindow) {
        return new ArrayList<>(trafficByWindow.values());
      }
    }

    long closedSessions() {
      synchronized (requestsBySession) {
        return requestsBySession.size();
      }
    }

    long requestsInSessions() {
      synchronized (requestsBySession) {
        return requestsBySession.values().stream().mapToLong(Long::longValue).sum();
      }
    }

    long trafficWindows() {
      synchronized (trafficByWindow) {
        return trafficByWindow.size();
      }
    }

    @Nullable JsonNode peakWindow() {
      synchronized (trafficByWindow) {
        JsonNode peak = null;
        for (JsonNode window : trafficByWindow.values()) {
          if (peak == null || window.path("requests").asLong() > peak.path("requests").asLong()) {
            peak = window;
          }
        }
        return peak;
      }
    }

    /** Waits until no record has arrived for {@code quiet}, at most {@code limit}. */
    void awaitQuiet(Duration quiet, Duration limit) throws InterruptedException {
      long deadline = System.nanoTime() + limit.toNanos();
      while (System.nanoTime() < deadline
          && System.nanoTime() - lastRecordNanos.get() < quiet.toNanos()) {
        Thread.sleep(100);
      }
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }
  }
}
