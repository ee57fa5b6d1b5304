package dev.streamml.cli;

import dev.streamml.flinkpatch.FlinkRunnerPatch;
import dev.streamml.launchers.LocalKafkaBroker;
import dev.streamml.pipelines.bench.BenchPipeline;
import dev.streamml.pipelines.bench.BenchReport;
import dev.streamml.pipelines.bench.LatencyRun;
import dev.streamml.pipelines.bench.ThroughputRun;
import dev.streamml.pipelines.options.PipelineSettings;
import dev.streamml.pipelines.runners.RunnerProfiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.annotation.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code streamml bench}: measures a pipeline against a plain-Java baseline doing the same work,
 * on a local Kafka broker (started and stopped unless one is given). Without {@code --rate} it
 * prints the throughput line, with {@code --rate} the latency line; {@code --report} turns saved
 * lines into median tables and an SVG plot. See docs/benchmarks.md.
 *
 * <pre>{@code
 * ./streamml bench --pipeline anomaly --runner flink --events 200000
 * ./streamml bench --pipeline anomaly --runner flink --events 50000 --rate 5000
 * ./streamml bench --runner direct --enforceImmutability=false     # extra Beam options pass through
 * ./streamml bench --report results.txt --svg docs/benchmarks.svg
 * }</pre>
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Throughput (or, with --rate, latency) of a pipeline next to a plain-Java baseline doing the"
          + " same work, on a local Kafka broker.",
      "Other --name=value options are passed to the pipeline (runner tuning, --detector=...)."
    },
    footer = {
      "",
      "Prints: bench pipeline=<p> runner=<r> events=<n> events_per_s=<x>"
          + " baseline_events_per_s=<y> ratio=<x/y>",
      "   or: latency pipeline=<p> runner=<r> rate=<R> p50_ms=<a> p99_ms=<b> p999_ms=<c>",
      "",
      "Examples:",
      "  ./streamml bench --pipeline anomaly --runner flink --events 200000",
      "  ./streamml bench --pipeline anomaly --runner flink --events 50000 --rate 5000",
      "  ./streamml bench --report bench-results.txt --svg docs/benchmarks.svg"
    })
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--pipeline", defaultValue = "anomaly", description = "anomaly (default) or features.")
  String pipeline;

  @Option(names = "--runner", defaultValue = "direct", description = "direct (default) or flink.")
  String runner;

  @Option(names = "--events", defaultValue = "200000", description = "Events to drain or to measure (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(names = "--rate", description = "Send events at this rate (events/s) and measure latency instead.")
  @Nullable Double rate;

  @Option(names = "--keys", defaultValue = "100", description = "Distinct event keys (default: ${DEFAULT-VALUE}).")
  int keys;

  // 30 s: at high rates the first seconds (JIT, every key's detector filling) leave a backlog that
  // took 10-20 s to drain at half the sustained rate; measuring earlier measured the start-up.
  @Option(names = "--warmup", defaultValue = "30s", description = "Latency runs: time not measured after the first result (default: ${DEFAULT-VALUE}).")
  String warmup;

  @Option(
      names = "--trace",
      paramLabel = "FILE",
      description = "Latency runs: also write each measured result as sentMillis,visibleMillis to FILE.")
  @Nullable Path trace;

  @Option(names = "--bootstrap-servers", description = "Use this Kafka broker instead of starting a local one.")
  @Nullable String bootstrapServers;

  @Option(names = "--report", description = "Read bench/latency lines from this file: print median tables, write --svg.")
  @Nullable Path report;

  @Option(names = "--svg", description = "With --report: the SVG plot to write.")
  @Nullable Path svg;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      defaultValue = "reports/bench.html",
      description = "With --report: the HTML report (tables and plots; 'none' for none).")
  String html;

  @Unmatched List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (report != null) {
      BenchReport parsed = BenchReport.read(report);
      out.print(parsed.markdown());
      if (svg != null) {
        parsed.writeSvg(svg);
        out.println("wrote " + svg);
      }
      if (!html.equals("none")) {
        Path written = parsed.htmlReport(String.valueOf(report.getFileName())).write(Path.of(html));
        out.println("report: " + written.toAbsolutePath().normalize());
      }
      return 0;
    }
    BenchPipeline chosen = checked(() -> BenchPipeline.named(pipeline));
    String profile = checked(() -> RunnerProfiles.profileOf(runner));
    if (!profile.equals("direct") && !profile.equals("flink-local")) {
      throw new UsageError("--runner", "accepted: direct, flink");
    }
    String runnerName = profile.equals("direct") ? "direct" : "flink";
    if (runnerName.equals("flink")) {
      // On stderr, as the other progress lines: whether the figures include the runner patch.
      System.err.println(FlinkRunnerPatch.describe());
    }
    if (events < 2) {
      throw new UsageError("--events", "must be >= 2, found " + events);
    }
    if (keys < 1) {
      throw new UsageError("--keys", "must be >= 1, found " + keys);
    }
    for (String arg : beamArgs) {
      if (!arg.startsWith("--") || arg.indexOf('=') < 0) {
        throw new UsageError(
            arg, "unknown argument; pipeline options take the form --name=value");
      }
    }
    Duration warm =
        Duration.ofMillis(PipelineSettings.duration("--warmup", warmup).getMillis());
    ThroughputRun throughput = null;
    LatencyRun latency = null;
    try {
      if (rate == null) {
        throughput = ThroughputRun.of(chosen, runnerName, events, keys, beamArgs);
      } else {
        latency = LatencyRun.of(chosen, runnerName, events, keys, rate, warm, beamArgs);
        if (trace != null) {
          latency.tracingTo(trace);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    LocalKafkaBroker broker = null;
    try {
      String servers = bootstrapServers;
      if (servers == null) {
        broker = LocalKafkaBroker.builder().start();
        servers = broker.bootstrapServers();
      }
      if (throughput != null) {
        throughput.run(servers, out);
      } else {
        latency.run(servers, out);
      }
      return 0;
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  private interface Check<T> {
    T get();
  }

  private static <T> T checked(Check<T> check) {
    try {
      return check.get();
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }
}
