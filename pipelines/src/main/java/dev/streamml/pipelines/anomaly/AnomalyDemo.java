package dev.streamml.pipelines.anomaly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamml.eval.nab.NabWindow;

import dev.streamml.pipelines.demo.DemoBroker;
import dev.streamml.pipelines.demo.KafkaTopics;
import dev.streamml.pipelines.demo.PipelineRun;
import dev.streamml.pipelines.demo.ProgressLine;
import dev.streamml.pipelines.nab.NabDataFile;
import dev.streamml.pipelines.nab.NabDataSet;
import dev.streamml.pipelines.nab.NabFileException;
import dev.streamml.pipelines.report.RunMetrics;
import dev.streamml.pipelines.runners.RunnerProfiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.annotation.Nullable;
import org.apache.beam.sdk.PipelineResult;



import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code streamml demo anomaly}: replays one NAB series into Kafka (in time order, each record's
 * Kafka timestamp its event time, plus a few malformed records), runs the {@link AnomalyPipeline}
 * until the replay is consumed, prints each alert as it reaches the alerts topic and ends with a
 * summary, including how the alerts fall against the series' labelled anomaly windows. Starts and
 * stops a local broker unless one is given.
 *
 * <p>On the Direct runner the topic is read as a stream, so alerts appear while the replay is
 * scored; the demo cancels the pipeline once every record has its result or dead letter. Flink's
 * {@code run()} returns only when the job ends, so on Flink the read is bounded ({@code
 * --readToEnd}) and the alerts come when it ends.
 *
 * <pre>{@code
 * int exitCode =
 *     AnomalyDemo.create(System.out, "direct", null, null, Duration.ofMinutes(15)).run();
 * }</pre>
 */
public final class AnomalyDemo {

  /** The series replayed unless another is given, under the streamml home. */
  public static final String DEFAULT_SERIES =
      "data/nab/data/realKnownCause/machine_temperature_system_failure.csv";

  /**
   * The demo's alert threshold: only scores at the top of knn-conformal's range (1000/1001) alert,
   * which keeps the list of alerts short enough to read.
   */
  public static final double THRESHOLD = 0.999;

  /** Malformed records sent after the series, to show the dead-letter path. */
  static final List<String> MALFORMED =
      List.of(
          "this is not JSON",
          "{\"key\":\"demo\",\"timestamp\":\"yesterday\",\"value\":1.0}",
          "{\"key\":\"demo\",\"timestamp\":\"2014-02-01 00:00:00\",\"value\":\"NaN\"}");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;
  private final String runner;
  private final @Nullable String bootstrapServers;
  private final Path series;
  private final Duration timeout;
  private final boolean terminal = System.console() != null;
  private final AtomicReference<PipelineResult> ran = new AtomicReference<>();

  private AnomalyDemo(
      PrintStream out,
      String runner,
      @Nullable String bootstrapServers,
      Path series,
      Duration timeout) {
    this.out = out;
    this.runner = runner;
    this.bootstrapServers = bootstrapServers;
    this.series = series;
    this.timeout = timeout;
  }

  /**
   * A demo printing to {@code out}, on {@code runner}, with the broker at {@code bootstrapServers}
   * (null: start a local one), replaying {@code series} (null: {@link #DEFAULT_SERIES}), giving up
   * after {@code timeout}.
   */
  public static AnomalyDemo create(
      PrintStream out,
      String runner,
      @Nullable String bootstrapServers,
      @Nullable Path series,
      Duration timeout) {
    RunnerProfiles.profileOf(runner);
    Path file =
        series != null
            ? series
            : Path.of(System.getProperty("streamml.home", ".")).resolve(DEFAULT_SERIES);
    return new AnomalyDemo(out, runner, bootstrapServers, file, timeout);
  }

  /** Runs the demo; returns the exit code (0 when the pipeline finished). */
  public int run() throws Exception {
    NabDataFile file;
    try {
      file = NabDataSet.loadFile(series);
    } catch (NabFileException e) {
      throw new IllegalArgumentException("invalid --data: " + e.getMessage(), e);
    }
    String key = file.fileName().replaceFirst("\\.csv$", "");
    out.printf(
        "streamml demo anomaly: series %s, %d events, %d labelled anomaly windows, from %s%n",
        key, file.rowCount(), file.windows().size(), file.path());
    return DemoBroker.run(out, bootstrapServers, bootstrap -> runDemo(file, key, bootstrap));
  }

  private int runDemo(NabDataFile file, String key, String servers) throws Exception {
    String prefix = "streamml-anomaly-demo-" + System.currentTimeMillis() + "-";
    String input = prefix + "events";
    String scores = prefix + "scores";
    String alerts = prefix + "alerts";
    String deadLetters = prefix + "dead-letters";
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (String topic : List.of(input, scores, alerts, deadLetters)) {
      topics.put(topic, 1);
    }
    KafkaTopics.ensure(servers, topics);

    long sent = replay(file, key, servers, input);
    out.printf(
        "replayed %d records into %s (%d malformed on purpose, to show the dead-letter path)%n",
        sent, input, MALFORMED.size());

    List<String> args = new ArrayList<>();
    args.add("--bootstrapServers=" + servers);
    args.add("--inputTopic=" + input);
    args.add("--scoresTopic=" + scores);
    args.add("--alertsTopic=" + alerts);
    args.add("--deadLetterTopic=" + deadLetters);
    args.add("--threshold=" + THRESHOLD);
    // A stream read on Direct, cancelled once all is out; Flink's run() would never return.
    boolean live = RunnerProfiles.profileOf(runner).equals("direct");
    if (live) {
      args.add("--blockOnRun=false");
    } else {
      args.add("--readToEnd=true");
    }
    AnomalyPipeline.Options options = AnomalyPipeline.options(RunnerProfiles.resolve(runner, args));
    out.printf(
        "running the anomaly pipeline on %s: detector %s, alert when a score >= %s%n",
        options.getRunner().getSimpleName(), options.getDetector(), options.getThreshold());

    AtomicLong read = new AtomicLong(-1);
    long startNanos = System.nanoTime();
    PipelineResult.State state;
    try (OutputWatch watch =
        OutputWatch.start(servers, scores, alerts, deadLetters, alert -> printAlert(alert, file))) {
      try (ProgressLine progress =
          ProgressLine.start(
              out,
              () ->
                  String.format(
                      "events read %s/%d | scored %d | alerts %d | dead letters %d",
                      read.get() < 0 ? "-" : String.valueOf(read.get()),
                      sent,
                      watch.scored(),
                      watch.alerts().size(),
                      watch.deadLetters()))) {
        BooleanSupplier allOut =
            () ->
                live
                    && watch.scored() >= file.rowCount()
                    && watch.deadLetters() >= MALFORMED.size();
        state =
            PipelineRun.toEnd(
                () -> {
                  PipelineResult result = AnomalyPipeline.run(options);
                  ran.set(result);
                  return result;
                },
                timeout,
                read,
                allOut);
        watch.awaitQuiet(Duration.ofSeconds(2), Duration.ofSeconds(30));
      }
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      printSummary(file, watch, sent, scores, alerts, deadLetters, seconds);
    }
    if (ran.get() != null) {
      RunMetrics.of(ran.get()).print(out);
    }
    return state == PipelineResult.State.DONE ? 0 : 1;
  }

  /** Sends the series in time order (file order among equal times), then the malformed records. */
  private static long replay(NabDataFile file, String key, String servers, String topic) {
    long[] millis = file.timestamps();
    List<Integer> order =
        IntStream.range(0, file.rowCount())
            .boxed()
            .sorted(Comparator.comparingLong(row -> millis[row]))
            .collect(Collectors.toList());
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    long sent = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      for (int row : order) {
        String json =
            "{\"key\":"
                + quoted(key)
                + ",\"timestamp\":"
                + quoted(file.timestampText(row))
                + ",\"value\":"
                + file.valueText(row)
                + "}";
        producer.send(
            new ProducerRecord<>(
                topic, null, millis[row], key, json.getBytes(StandardCharsets.UTF_8)));
        sent++;
      }
      long last = millis[order.get(order.size() - 1)];
      for (String malformed : MALFORMED) {
        producer.send(
            new ProducerRecord<>(
                topic, null, last, "malformed", malformed.getBytes(StandardCharsets.UTF_8)));
        sent++;
      }
      producer.flush();
    }
    return sent;
  }

  private static String quoted(String text) {
    return JSON.getNodeFactory().textNode(text).toString();
  }

  private void printAlert(JsonNode alert, NabDataFile file) {
    Instant time = Instant.parse(alert.path("timestamp").asText());
    NabWindow window = windowAt(file, time.toEpochMilli());
    String line =
        String.format(
            "ALERT %s  %s  value %s  score %.4f%s",
            time,
            alert.path("key").asText(),
            alert.path("features").path("value").asText(),
            alert.path("score").asDouble(),
            window == null ? "" : "  (inside labelled anomaly window " + window + ")");
    // One print call: the progress line's redraw cannot split it.
    out.print((terminal ? "\r\033[K" : "") + line + System.lineSeparator());
    out.flush();
  }

  private static @Nullable NabWindow windowAt(NabDataFile file, long millis) {
    for (NabWindow window : file.windows()) {
      if (millis >= window.getStartMillis() && millis <= window.getEndMillis()) {
        return window;
      }
    }
    return null;
  }

  private void printSummary(
      NabDataFile file,
      OutputWatch watch,
      long sent,
      String scores,
      String alerts,
      String deadLetters,
      double seconds) {
    List<JsonNode> alerted = watch.alerts();
    int inWindows = 0;
    Set<NabWindow> windowsHit = new HashSet<>();
    for (JsonNode alert : alerted) {
      NabWindow window =
          windowAt(file, Instant.parse(alert.path("timestamp").asText()).toEpochMilli());
      if (window != null) {
        inWindows++;
        windowsHit.add(window);
      }
    }
    out.println();
    out.printf(
        "records replayed   %d (%d events, %d malformed)%n",
        sent, file.rowCount(), MALFORMED.size());
    out.printf("results            %d (topic %s)%n", watch.scored(), scores);
    out.printf("  warm-up          %d%n", watch.warmup());
    out.printf("  late             %d%n", watch.late());
    out.printf(
        "alerts             %d (topic %s), %d inside labelled anomaly windows%n",
        alerted.size(), alerts, inWindows);
    out.printf(
        "labelled windows   %d, %d with at least one alert%n",
        file.windows().size(), windowsHit.size());
    out.printf("dead letters       %d (topic %s)%n", watch.deadLetters(), deadLetters);
    out.printf("elapsed            %.1f s%n", seconds);
  }

  /**
   * Reads the pipeline's output topics while it runs, on a background thread: counts results and
   * dead letters, keeps the alerts and hands each one to a callback as it arrives.
   */
  static final class OutputWatch implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String scoresTopic;
    private final String alertsTopic;
    private final Consumer<JsonNode> onAlert;
    private final AtomicLong scored = new AtomicLong();
    private final AtomicLong warmup = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final List<JsonNode> alerts = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong lastRecordNanos = new AtomicLong(System.nanoTime());
    private final Thread thread;

    private OutputWatch(
        KafkaConsumer<byte[], byte[]> consumer,
        String scoresTopic,
        String alertsTopic,
        Consumer<JsonNode> onAlert) {
      this.consumer = consumer;
      this.scoresTopic = scoresTopic;
      this.alertsTopic = alertsTopic;
      this.onAlert = onAlert;
      this.thread = new Thread(this::poll, "streamml-anomaly-watch");
      this.thread.setDaemon(true);
    }

    static OutputWatch start(
        String servers,
        String scoresTopic,
        String alertsTopic,
        String deadLetterTopic,
        Consumer<JsonNode> onAlert) {
      Properties config = new Properties();
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
      config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(scoresTopic, alertsTopic, deadLetterTopic)) {
        for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      OutputWatch watch = new OutputWatch(consumer, scoresTopic, alertsTopic, onAlert);
      watch.thread.start();
      return watch;
    }

    private void poll() {
      try {
        while (running.get()) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            lastRecordNanos.set(System.nanoTime());
            if (record.topic().equals(scoresTopic)) {
              scored.incrementAndGet();
              JsonNode result = parse(record.value());
              if (result != null && "WARMUP".equals(result.path("label").asText())) {
                warmup.incrementAndGet();
              }
              if (result != null && result.path("late").asBoolean()) {
                late.incrementAndGet();
              }
            } else if (record.topic().equals(alertsTopic)) {
              JsonNode alert = parse(record.value());
              if (alert != null) {
                synchronized (alerts) {
                  alerts.add(alert);
                }
                onAlert.accept(alert);
              }
            } else {
              deadLetters.incrementAndGet();
            }
          }
        }
      } finally {
        consumer.close(Duration.ofSeconds(5));
      }
    }

    private static @Nullable JsonNode parse(byte[] value) {
      try {
        return JSON.readTree(value);
      } catch (IOException e) {
        return null;
      }
    }

    long scored() {
      return scored.get();
    }

    long warmup() {
      return warmup.get();
    }

    long late() {
      return late.get();
    }

    long deadLetters() {
      return deadLetters.get();
    }

    List<JsonNode> alerts() {
      synchronized (alerts) {
        return new ArrayList<>(alerts);
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
