package dev.streamml.pipelines.bench;

import dev.streamml.pipelines.demo.KafkaTopics;
import dev.streamml.pipelines.runners.RunnerProfiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.beam.sdk.PipelineResult;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One latency measurement: the pipeline reads its topic as a stream while events are sent at a
 * fixed rate, each with the wall-clock time it is sent as its event time; the latency of an event
 * is the time its result becomes visible on the output topic minus that time. Events sent during
 * the warm-up (until the first result is visible, at most {@value #STARTUP_RATE} a second, then
 * {@code warmup} at the rate) are not counted; then {@code events} events are sent and measured.
 * Prints
 *
 * <pre>
 * latency pipeline=anomaly runner=flink rate=5000 p50_ms=A p99_ms=B p999_ms=C
 * </pre>
 *
 * <p>The anomaly pipeline scores a key's events once the watermark passes them, so its latency
 * includes {@code --maxOutOfOrderness}; latency runs set it to 0 s unless the user gives one.
 *
 * <pre>{@code
 * LatencyRun.of(BenchPipeline.ANOMALY, "flink", 50_000, 100, 5_000, Duration.ofSeconds(10), List.of())
 *     .run(servers, System.out);
 * }</pre>
 */
public final class LatencyRun {
  /**
   * The event producer's linger, Kafka 4's default: a producer that sends every event as its own
   * request loads the broker, which shares the machine with the pipeline, far more than real
   * producers do. The wait is inside the measured latency (events are stamped before it).
   */
  static final int GENERATOR_LINGER_MS = 5;

  /** Events per second sent until the first result is visible. */
  static final double STARTUP_RATE = 100;

  private final BenchPipeline pipeline;
  private final String runner;
  private final long events;
  private final int keys;
  private final double rate;
  private final Duration warmup;
  private final List<String> extraArgs;
  private Path trace;

  private LatencyRun(
      BenchPipeline pipeline,
      String runner,
      long events,
      int keys,
      double rate,
      Duration warmup,
      List<String> extraArgs) {
    this.pipeline = pipeline;
    this.runner = runner;
    this.events = events;
    this.keys = keys;
    this.rate = rate;
    this.warmup = warmup;
    this.extraArgs = List.copyOf(extraArgs);
  }

  public static LatencyRun of(
      BenchPipeline pipeline,
      String runner,
      long events,
      int keys,
      double rate,
      Duration warmup,
      List<String> extraArgs) {
    RunnerProfiles.profileOf(runner);
    if (pipeline != BenchPipeline.ANOMALY) {
      throw new IllegalArgumentException(
          "invalid --rate: latency runs need one result per event: --pipeline=anomaly");
    }
    if (!(rate > 0)) {
      throw new IllegalArgumentException("invalid --rate: must be > 0 events/s, found " + rate);
    }
    return new LatencyRun(pipeline, runner, events, keys, rate, warmup, extraArgs);
  }

  /**
   * Also writes each measured result's send and visible times ({@code sentMillis,visibleMillis},
   * one line each) to {@code file}.
   */
  public LatencyRun tracingTo(Path file) {
    this.trace = file;
    return this;
  }

  /** Runs and prints the latency line; returns the histogram (milliseconds). */
  public Histogram run(String servers, PrintStream out) throws Exception {
    String prefix = "streamml-latency-" + System.currentTimeMillis() + "-";
    String input = prefix + "in";
    Map<String, Integer> topics = new LinkedHashMap<>();
    topics.put(input, 2);
    pipeline.outputTopics(prefix).forEach(topic -> topics.put(topic, 1));
    KafkaTopics.ensure(servers, topics);

    PipelineResult result = pipeline.start(args(servers, input, prefix));
    Histogram histogram;
    try (OutputWatch watch =
            OutputWatch.start(servers, pipeline.outputTopics(prefix).get(0), -1, Long.MAX_VALUE);
        KafkaProducer<String, byte[]> producer = TopicLoad.producer(servers, GENERATOR_LINGER_MS)) {
      Sender sender = new Sender(producer, input);
      // Until the pipeline answers, only a trickle: a job that takes seconds to start would
      // otherwise face a backlog of rate x start-up time, and at high rates the warm-up would
      // still be draining it when measuring begins.
      sender.sendAt(Math.min(rate, STARTUP_RATE));
      long firstDeadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (watch.count() == 0) {
        if (System.nanoTime() > firstDeadline) {
          throw new IllegalStateException("no result within 3 minutes of starting the pipeline");
        }
        sender.sendDue();
        LockSupport.parkNanos(200_000);
      }
      sender.sendAt(rate);
      long warmEnd = System.nanoTime() + warmup.toNanos();
      while (System.nanoTime() < warmEnd) {
        sender.sendDue();
        LockSupport.parkNanos(200_000);
      }
      long measureFrom = System.currentTimeMillis() + 1;
      if (trace != null) {
        watch.traceTo(trace);
      }
      watch.measureFrom(measureFrom);
      while (System.currentTimeMillis() < measureFrom) {
        Thread.onSpinWait();
      }
      long target = sender.sent + events;
      while (sender.sent < target) {
        sender.sendDue(target);
        LockSupport.parkNanos(200_000);
      }
      producer.flush();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long nextReport = System.nanoTime();
      while (watch.measured() < events && System.nanoTime() < deadline) {
        if (System.nanoTime() >= nextReport) {
          // On stderr: the latency line stays the only line of the run on stdout.
          System.err.printf(
              "latency run: sent %d, results %d, measured %d of %d%n",
              sender.sent, watch.count(), watch.measured(), events);
          nextReport += Duration.ofSeconds(5).toNanos();
        }
        Thread.sleep(20);
      }
      if (watch.measured() < events) {
        throw new IllegalStateException(
            "saw " + watch.measured() + " of " + events + " measured results within 60 s");
      }
      watch.close();
      histogram = watch.latency();
    } finally {
      cancel(result);
    }
    out.println(
        line(
            pipeline.cliName(),
            runner,
            rate,
            histogram.getValueAtPercentile(50),
            histogram.getValueAtPercentile(99),
            histogram.getValueAtPercentile(99.9)));
    out.flush();
    return histogram;
  }

  /** The latency line, exactly in the documented format. */
  public static String line(String pipeline, String runner, double rate, long p50, long p99, long p999) {
    return String.format(
        "latency pipeline=%s runner=%s rate=%.0f p50_ms=%d p99_ms=%d p999_ms=%d",
        pipeline, runner, rate, p50, p99, p999);
  }

  private String[] args(String servers, String input, String outPrefix) {
    List<String> args = new ArrayList<>(pipeline.topicArgs(servers, input, outPrefix));
    args.add("--maxOutOfOrderness=0s");
    // A stream: run() must return so the harness can send events and cancel the job afterwards.
    if (RunnerProfiles.profileOf(runner).equals("direct")) {
      args.add("--blockOnRun=false");
    } else {
      args.add("--attachedMode=false");
    }
    args.addAll(extraArgs);
    return RunnerProfiles.resolve(runner, args);
  }

  private static void cancel(PipelineResult result) {
    try {
      result.cancel();
    } catch (IOException | RuntimeException e) {
      // Best effort: the figures are already taken.
    }
  }

  /** Sends events at the rate, round-robin over the keys, stamped with the time they are sent. */
  private final class Sender {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final BenchEvents values = BenchEvents.of(keys, 1);
    private long phaseStartNanos = System.nanoTime();
    private long sentBeforePhase;
    private double phaseRate = rate;
    long sent;

    Sender(KafkaProducer<String, byte[]> producer, String topic) {
      this.producer = producer;
      this.topic = topic;
    }

    /** From now on, sends at {@code eventsPerSecond}. */
    void sendAt(double eventsPerSecond) {
      phaseStartNanos = System.nanoTime();
      sentBeforePhase = sent;
      phaseRate = eventsPerSecond;
    }

    void sendDue() {
      sendDue(Long.MAX_VALUE);
    }

    void sendDue(long limit) {
      long due = sentBeforePhase + (long) ((System.nanoTime() - phaseStartNanos) / 1e9 * phaseRate);
      while (sent < due && sent < limit) {
        long now = System.currentTimeMillis();
        String key = values.key(sent);
        producer.send(
            new ProducerRecord<>(topic, null, now, key, BenchEvents.json(key, now, values.value(sent))));
        sent++;
      }
    }
  }
}
