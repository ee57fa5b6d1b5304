package dev.streamml.pipelines.bench;

import dev.streamml.pipelines.demo.KafkaTopics;
import dev.streamml.pipelines.demo.PipelineRun;
import dev.streamml.pipelines.runners.RunnerProfiles;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.PipelineResult;

/**
 * One throughput measurement: preloads topics with {@link BenchEvents}, drains them through the
 * pipeline (a bounded read to the end, {@code --readToEnd}) and through its baseline, and prints
 *
 * <pre>
 * bench pipeline=anomaly runner=flink events=200000 events_per_s=X baseline_events_per_s=Y ratio=X/Y
 * </pre>
 *
 * <p>Rates exclude start-up: each side runs three times, on a warm-up topic (discarded: class
 * loading and JIT; the baseline warms up on the full topic, so code both sides share, such as the
 * detectors, is compiled before either is measured), a small topic of {@code s} events and the full topic of {@code n} events, and
 * the rate is {@code (n - s) / (t_n - t_s)}, where {@code t} is from the start of the run to the
 * moment the last result is visible on the output topic. Fixed costs (building the job, starting
 * Flink, the consumer joining) cancel out.
 *
 * <pre>{@code
 * ThroughputRun.Result r =
 *     ThroughputRun.of(BenchPipeline.ANOMALY, "flink", 200_000, 100, List.of())
 *         .run(servers, System.out);
 * }</pre>
 */
public final class ThroughputRun {
  private static final Duration TIMEOUT = Duration.ofMinutes(20);

  private final BenchPipeline pipeline;
  private final String runner;
  private final long events;
  private final int keys;
  private final List<String> extraArgs;

  private ThroughputRun(
      BenchPipeline pipeline, String runner, long events, int keys, List<String> extraArgs) {
    this.pipeline = pipeline;
    this.runner = runner;
    this.events = events;
    this.keys = keys;
    this.extraArgs = List.copyOf(extraArgs);
  }

  /** A run of {@code events} events over {@code keys} keys; extra Beam options win over profiles. */
  public static ThroughputRun of(
      BenchPipeline pipeline, String runner, long events, int keys, List<String> extraArgs) {
    RunnerProfiles.profileOf(runner);
    if (events < 2) {
      throw new IllegalArgumentException("invalid --events: must be >= 2, found " + events);
    }
    return new ThroughputRun(pipeline, runner, events, keys, extraArgs);
  }

  /** What one run measured. */
  public static final class Result {
    public final double eventsPerSecond;
    public final double baselineEventsPerSecond;
    public final double produceEventsPerSecond;
    public final double consumeEventsPerSecond;
    public final long pipelineHeapAfterGcBytes;
    public final long baselineHeapAfterGcBytes;

    Result(double x, double y, double produce, double consume, long heap, long baselineHeap) {
      this.eventsPerSecond = x;
      this.baselineEventsPerSecond = y;
      this.produceEventsPerSecond = produce;
      this.consumeEventsPerSecond = consume;
      this.pipelineHeapAfterGcBytes = heap;
      this.baselineHeapAfterGcBytes = baselineHeap;
    }

    public double ratio() {
      return eventsPerSecond / baselineEventsPerSecond;
    }
  }

  /** Measures against the broker at {@code servers}; prints the bench line and detail lines. */
  public Result run(String servers, PrintStream out) throws InterruptedException {
    BenchEvents generator = BenchEvents.of(keys, 1_000);
    long small = Math.min(events / 2, Math.max(1_000, events / 10));
    String prefix = "streamml-bench-" + System.currentTimeMillis() + "-";
    Map<String, Integer> inputs = new LinkedHashMap<>();
    inputs.put(prefix + "warm", 2);
    inputs.put(prefix + "small", 2);
    inputs.put(prefix + "full", 2);
    KafkaTopics.ensure(servers, inputs);
    TopicLoad.preload(servers, prefix + "warm", generator, small);
    TopicLoad.preload(servers, prefix + "small", generator, small);
    double produce = TopicLoad.preload(servers, prefix + "full", generator, events);
    double consume = TopicLoad.consumeAll(servers, prefix + "full", events);
    out.printf(
        "kafka events=%d produce_events_per_s=%.0f consume_events_per_s=%.0f%n",
        events, produce, consume);

    long expectedSmall = pipeline.expectedResults(generator, small);
    long expectedFull = pipeline.expectedResults(generator, events);
    double[] baseline = new double[2];
    double[] beam = new double[2];
    double[] baselineCpu = new double[2];
    double[] beamCpu = new double[2];
    long[] heap = new long[2];
    String[] labels = {"warm", "small", "full"};
    for (int i = 0; i < labels.length; i++) {
      String input = prefix + labels[i];
      long expected = i == 2 ? expectedFull : expectedSmall;
      // The baseline warms up on the full input: the detectors' long loops (a full memory) are
      // then compiled before either side is measured, whichever side runs first.
      Timed base =
          i == 0
              ? timeBaseline(servers, prefix + "full", prefix + "warm-base-", expectedFull)
              : timeBaseline(servers, input, prefix + labels[i] + "-base-", expected);
      Timed pipe = timePipeline(servers, input, prefix + labels[i] + "-beam-", expected);
      out.printf(
          "run %s events=%d results=%d pipeline_s=%.3f baseline_s=%.3f pipeline_cpu_s=%.3f"
              + " baseline_cpu_s=%.3f%n",
          labels[i], i == 2 ? events : small, expected, pipe.seconds, base.seconds,
          pipe.cpuSeconds, base.cpuSeconds);
      if (i > 0) {
        baseline[i - 1] = base.seconds;
        beam[i - 1] = pipe.seconds;
        baselineCpu[i - 1] = base.cpuSeconds;
        beamCpu[i - 1] = pipe.cpuSeconds;
      }
      if (i == 2) {
        heap[0] = pipe.heapBytes;
        heap[1] = base.heapBytes;
      }
    }
    double x = rate(events, small, beam[1], beam[0]);
    double y = rate(events, small, baseline[1], baseline[0]);
    Result result = new Result(x, y, produce, consume, heap[0], heap[1]);
    out.printf(
        "memory pipeline=%s runner=%s keys=%d events=%d heap_after_gc_mb=%.1f"
            + " baseline_heap_after_gc_mb=%.1f%n",
        pipeline.cliName(), runner, keys, events, heap[0] / 1048576.0, heap[1] / 1048576.0);
    // CPU seconds of this JVM instead of wall seconds: robust to other processes on the machine,
    // and a measure of work per event rather than of how many cores a side can use.
    double xCpu = rate(events, small, beamCpu[1], beamCpu[0]);
    double yCpu = rate(events, small, baselineCpu[1], baselineCpu[0]);
    out.printf(
        "cpu pipeline=%s runner=%s events=%d events_per_cpu_s=%.0f baseline_events_per_cpu_s=%.0f"
            + " ratio=%.3f%n",
        pipeline.cliName(), runner, events, xCpu, yCpu, xCpu / yCpu);
    out.println(line(pipeline.cliName(), runner, events, x, y));
    out.flush();
    return result;
  }

  /** The bench line, exactly in the documented format. */
  public static String line(String pipeline, String runner, long events, double x, double y) {
    return String.format(
        "bench pipeline=%s runner=%s events=%d events_per_s=%.0f baseline_events_per_s=%.0f"
            + " ratio=%.3f",
        pipeline, runner, events, x, y, x / y);
  }

  /** Marginal rate between the small and the full run; the plain rate if noise inverted them. */
  static double rate(long n, long small, double fullSeconds, double smallSeconds) {
    double extra = fullSeconds - smallSeconds;
    return extra > 0 ? (n - small) / extra : n / fullSeconds;
  }

  private static final class Timed {
    final double seconds;
    final double cpuSeconds;
    final long heapBytes;

    Timed(double seconds, double cpuSeconds, long heapBytes) {
      this.seconds = seconds;
      this.cpuSeconds = cpuSeconds;
      this.heapBytes = heapBytes;
    }
  }

  /** CPU time of this JVM (all threads) so far, in nanoseconds. */
  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean
        ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime()
        : 0;
  }

  private Timed timeBaseline(String servers, String input, String outPrefix, long expected)
      throws InterruptedException {
    String[] args = args(servers, input, outPrefix);
    return timed(
        servers,
        outPrefix,
        expected,
        () -> {
          pipeline.runBaseline(args);
        });
  }

  private Timed timePipeline(String servers, String input, String outPrefix, long expected)
      throws InterruptedException {
    String[] args = args(servers, input, outPrefix);
    AtomicLong read = new AtomicLong(-1);
    OutputWatch[] watch = new OutputWatch[1];
    return timed(
        servers,
        outPrefix,
        expected,
        watchRef -> watch[0] = watchRef,
        () -> {
          PipelineResult.State state =
              PipelineRun.toEnd(() -> pipeline.start(args), TIMEOUT, read, () -> watch[0].reached());
          if (state != PipelineResult.State.DONE) {
            throw new IllegalStateException("the pipeline ended " + state);
          }
        });
  }

  /** Beam arguments for one run; runner tuning from the profile, then the user's extras. */
  String[] args(String servers, String input, String outPrefix) {
    List<String> args = new ArrayList<>(pipeline.topicArgs(servers, input, outPrefix));
    args.add("--readToEnd=true");
    if (RunnerProfiles.profileOf(runner).equals("direct")) {
      args.add("--blockOnRun=false");
    }
    args.addAll(extraArgs);
    return RunnerProfiles.resolve(runner, args);
  }

  private interface Work {
    void run() throws Exception;
  }

  private interface WatchSink {
    void accept(OutputWatch watch);
  }

  private Timed timed(String servers, String outPrefix, long expected, Work work)
      throws InterruptedException {
    return timed(servers, outPrefix, expected, watch -> {}, work);
  }

  private Timed timed(
      String servers, String outPrefix, long expected, WatchSink onWatch, Work work)
      throws InterruptedException {
    Map<String, Integer> outputs = new LinkedHashMap<>();
    pipeline.outputTopics(outPrefix).forEach(topic -> outputs.put(topic, 1));
    KafkaTopics.ensure(servers, outputs);
    try (OutputWatch watch =
            OutputWatch.start(servers, pipeline.outputTopics(outPrefix).get(0), expected, Long.MAX_VALUE);
        HeapAfterGc heap = HeapAfterGc.start()) {
      onWatch.accept(watch);
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      try {
        work.run();
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      long reached = watch.awaitTarget(TIMEOUT);
      long cpu = processCpuNanos() - cpuStart;
      return new Timed((reached - start) / 1e9, cpu / 1e9, heap.maxBytes());
    }
  }
}
