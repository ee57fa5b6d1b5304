package dev.streamml.cli;


import dev.streamml.pipelines.demo.DemoBroker;
import dev.streamml.pipelines.anomaly.AnomalyDemo;
import dev.streamml.pipelines.demo.KafkaTopics;
import dev.streamml.pipelines.demo.NabReplay;
import dev.streamml.pipelines.demo.PipelineRun;
import dev.streamml.pipelines.demo.ProgressLine;
import dev.streamml.pipelines.demo.TopicTally;
import dev.streamml.pipelines.features.FeaturesPipeline;
import dev.streamml.pipelines.options.PipelineSettings;
import dev.streamml.pipelines.report.RunMetrics;
import dev.streamml.pipelines.runners.RunnerProfiles;
import dev.streamml.pipelines.sessions.SessionsDemo;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.annotation.Nullable;
import org.apache.beam.sdk.PipelineResult;



import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code streamml demo}: starts a local Kafka broker (unless one is given), replays the bundled
 * NAB {@code realKnownCause} series into a topic with event timestamps, runs the {@code features}
 * pipeline on the chosen runner until the replay is consumed, shows progress, prints a summary and
 * stops what it started.
 *
 * <pre>{@code
 * ./streamml demo
 * ./streamml demo --runner=flink --window=sliding:2h/1h
 * ./streamml demo anomaly               # one NAB series through the anomaly pipeline, with alerts
 * ./streamml demo sessions              # a NASA-HTTP log sample through the sessions pipeline
 * }</pre>
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Replay real NAB data through Kafka into the features (or anomaly) pipeline and summarise it.",
    footer = {
      "",
      "Examples:",
      "  ./streamml demo",
      "  ./streamml demo --runner=flink",
      "  ./streamml demo --bootstrap-servers=127.0.0.1:9092 --window=sliding:2h/30m",
      "  ./streamml demo anomaly",
      "  ./streamml demo anomaly --data data/nab/data/realKnownCause/nyc_taxi.csv",
      "  ./streamml demo sessions"
    })
final class DemoCommand implements Callable<Integer> {

  /** Malformed records mixed into the replay to show the dead-letter path. */
  static final List<String> MALFORMED =
      List.of(
          "this is not JSON",
          "{\"key\":\"demo\",\"timestamp\":\"yesterday\",\"value\":1.0}",
          "{\"key\":\"demo\",\"timestamp\":\"2014-07-01 00:00:00\",\"value\":\"NaN\"}");

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PIPELINE",
      defaultValue = "features",
      description = "Pipeline to demonstrate: features (default), anomaly or sessions.")
  String pipeline;

  @Option(
      names = "--runner",
      defaultValue = RunnerProfiles.DEFAULT,
      description = "direct (default) or flink (embedded).")
  String runner;

  @Option(
      names = "--bootstrap-servers",
      description = "Use this Kafka broker instead of starting a local one.")
  @Nullable String bootstrapServers;

  @Option(
      names = "--data",
      description =
          "features: folder of NAB-format CSV files (default: the bundled realKnownCause series);"
              + " anomaly: one NAB CSV file (default: machine_temperature_system_failure);"
              + " sessions: one NASA-HTTP TSV log (default: data/nasa-http/nasa_19950701.tsv).")
  @Nullable Path data;

  @Option(names = "--window", defaultValue = "fixed:1h", description = "Windows (default: ${DEFAULT-VALUE}).")
  String window;

  @Option(names = "--trigger", defaultValue = "", description = "Trigger and lateness, e.g. lateness=1h.")
  String trigger;

  @Option(names = "--timeout", defaultValue = "15m", description = "Give up after (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--verbose", description = "Print stack traces of failures.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    if (!List.of("features", "anomaly", "sessions").contains(pipeline)) {
      throw new UsageError(
          "PIPELINE", "unknown demo '" + pipeline + "'; accepted: features, anomaly, sessions");
    }
    // Check every setting before starting anything: a typo must not cost a broker start.
    RunnerProfiles.profileOf(runner);
    PipelineSettings.duration("--timeout", timeout);
    PipelineSettings.window(window);
    PipelineSettings.trigger(trigger);
    if (pipeline.equals("anomaly")) {
      Duration limit = Duration.ofMillis(PipelineSettings.duration("--timeout", timeout).getMillis());
      return AnomalyDemo.create(System.out, runner, bootstrapServers, data, limit).run();
    }
    if (pipeline.equals("sessions")) {
      Duration limit = Duration.ofMillis(PipelineSettings.duration("--timeout", timeout).getMillis());
      return SessionsDemo.create(System.out, runner, bootstrapServers, data, limit).run();
    }
    PrintStream out = System.out;
    NabReplay replay = NabReplay.load(dataFolder());
    out.printf(
        "streamml demo: %d series, %d events from %s%n", replay.keys().size(), replay.size(), dataFolder());
    return DemoBroker.run(out, bootstrapServers, bootstrap -> runDemo(out, replay, bootstrap));
  }

  private Path dataFolder() {
    if (data != null) {
      return data;
    }
    Path home = Path.of(System.getProperty("streamml.home", "."));
    Path bundled = home.resolve("data/nab/data/realKnownCause");
    if (!Files.isDirectory(bundled)) {
      throw new UsageError("--data", "bundled data not found at " + bundled + "; give a folder");
    }
    return bundled;
  }

  private int runDemo(PrintStream out, NabReplay replay, String servers) throws Exception {
    String prefix = "streamml-demo-" + System.currentTimeMillis() + "-";
    Map<String, Integer> topics = new LinkedHashMap<>();
    String input = prefix + "events";
    String features = prefix + "features";
    String deadLetters = prefix + "dead-letters";
    String late = prefix + "late-events";
    topics.put(input, 2);
    topics.put(features, 1);
    topics.put(deadLetters, 1);
    topics.put(late, 1);
    KafkaTopics.ensure(servers, topics);

    List<byte[]> malformed = new ArrayList<>();
    MALFORMED.forEach(text -> malformed.add(text.getBytes(StandardCharsets.UTF_8)));
    long sent = replay.sendTo(servers, input, malformed, count -> {});
    out.printf(
        "replayed %d records into %s (%d malformed on purpose, to show the dead-letter path)%n",
        sent, input, malformed.size());

    List<String> args = new ArrayList<>();
    args.add("--bootstrapServers=" + servers);
    args.add("--inputTopic=" + input);
    args.add("--outputTopic=" + features);
    args.add("--deadLetterTopic=" + deadLetters);
    args.add("--lateTopic=" + late);
    args.add("--readToEnd=true");
    args.add("--window=" + window);
    args.add("--trigger=" + trigger);
    args.add("--blockOnRun=false");
    FeaturesPipeline.Options options =
        FeaturesPipeline.options(RunnerProfiles.resolve(runner, withoutDirectOnly(args)));
    out.println("running the features pipeline on " + options.getRunner().getSimpleName()
        + " (window " + window + ")");

    AtomicLong read = new AtomicLong(-1);
    long startNanos = System.nanoTime();
    PipelineResult.State state;
    try (TopicTally tally =
        TopicTally.start(servers, List.of(features, deadLetters, late), features)) {
      try (ProgressLine progress =
          ProgressLine.start(
              out,
              () ->
                  String.format(
                      "events read %s/%d | windows emitted %d | dead letters %d | late %d",
                      read.get() < 0 ? "-" : String.valueOf(read.get()),
                      sent,
                      tally.count(features),
                      tally.count(deadLetters),
                      tally.count(late)))) {
        state =
            PipelineRun.toEnd(
                () -> ran(FeaturesPipeline.run(options)),
                Duration.ofMillis(PipelineSettings.duration("--timeout", timeout).getMillis()),
                read,
                () -> false);
        tally.awaitQuiet(Duration.ofSeconds(2), Duration.ofSeconds(30));
      }
      printSummary(
          out, tally, features, deadLetters, late, sent, read.get(),
          (System.nanoTime() - startNanos) / 1e9);
    }
    if (ran.get() != null) {
      RunMetrics.of(ran.get()).print(out);
    }
    return state == PipelineResult.State.DONE ? 0 : StreammlCli.FAILURE;
  }

  private final AtomicReference<PipelineResult> ran = new AtomicReference<>();

  /** Keeps the started pipeline, for its metrics at the end. */
  private PipelineResult ran(PipelineResult result) {
    ran.set(result);
    return result;
  }

  // --blockOnRun is the Direct runner's; other runners reject unknown options.
  private List<String> withoutDirectOnly(List<String> args) {
    if (RunnerProfiles.profileOf(runner).equals("direct")) {
      return args;
    }
    List<String> kept = new ArrayList<>(args);
    kept.removeIf(arg -> arg.startsWith("--blockOnRun"));
    return kept;
  }

  private static void printSummary(
      PrintStream out,
      TopicTally tally,
      String features,
      String deadLetters,
      String late,
      long sent,
      long read,
      double seconds) {
    out.println();
    out.printf("%-40s %8s %8s %14s %14s%n", "key", "events", "windows", "min", "max");
    tally
        .summaries()
        .forEach(
            (key, summary) ->
                out.printf(
                    "%-40s %8d %8d %14.3f %14.3f%n",
                    key, summary.events(), summary.windows(), summary.min(), summary.max()));
    long windowed =
        tally.summaries().values().stream().mapToLong(TopicTally.KeySummary::events).sum();
    out.println();
    out.printf("records replayed   %d%n", sent);
    out.printf("records read       %s%n", read < 0 ? "-" : String.valueOf(read));
    out.printf("events in windows  %d%n", windowed);
    out.printf("windows emitted    %d (topic %s)%n", tally.count(features), features);
    out.printf("dead letters       %d (topic %s)%n", tally.count(deadLetters), deadLetters);
    out.printf("late events        %d (topic %s)%n", tally.count(late), late);
    out.printf("elapsed            %.1f s%n", seconds);
  }
}
