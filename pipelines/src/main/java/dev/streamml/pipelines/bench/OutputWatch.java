package dev.streamml.pipelines.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches an output topic on its own thread: counts records, notes the moment a target count became
 * visible, and (for latency runs) records each result's visible time minus its event time, which
 * latency runs set to the time the event was sent, in an HdrHistogram (1 ms to 1 h, 3 digits).
 *
 * <pre>{@code
 * try (OutputWatch watch = OutputWatch.start(servers, "bench-scores", 200_000, Long.MAX_VALUE)) {
 *   ... run the pipeline ...
 *   long nanos = watch.awaitTarget(Duration.ofMinutes(10));  // System.nanoTime() of the last one
 * }
 * }</pre>
 */
final class OutputWatch implements AutoCloseable {
  private static final byte[] TIMESTAMP_FIELD = "\"timestamp\":\"".getBytes(StandardCharsets.UTF_8);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final long target;
  private final AtomicLong measureFromMillis;
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong measured = new AtomicLong();
  private final AtomicLong targetNanos = new AtomicLong(-1);
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Histogram latency = new Histogram(3_600_000L, 3);
  private final Thread thread;
  private volatile PrintWriter trace;

  private OutputWatch(KafkaConsumer<byte[], byte[]> consumer, long target, long measureFromMillis) {
    this.consumer = consumer;
    this.target = target;
    this.measureFromMillis = new AtomicLong(measureFromMillis);
    this.thread = new Thread(this::poll, "streamml-bench-watch");
    this.thread.setDaemon(true);
  }

  /**
   * Starts watching {@code topic} from its beginning, waiting for {@code target} records; results
   * of events sent at or after {@code measureFromMillis} go into the latency histogram (pass {@link
   * Long#MAX_VALUE} for none).
   */
  static OutputWatch start(String servers, String topic, long target, long measureFromMillis) {
    KafkaConsumer<byte[], byte[]> consumer = TopicLoad.consumer(servers);
    List<TopicPartition> partitions = TopicLoad.partitions(consumer, topic);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    // Resolves the start offsets now, before the pipeline writes anything.
    partitions.forEach(consumer::position);
    OutputWatch watch = new OutputWatch(consumer, target, measureFromMillis);
    watch.thread.start();
    return watch;
  }

  private void poll() {
    try {
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
          long now = System.currentTimeMillis();
          long eventMillis = measureFromMillis.get() == Long.MAX_VALUE ? -1 : eventMillis(record);
          if (eventMillis >= measureFromMillis.get()) {
            latency.recordValue(Math.max(0, Math.min(now - eventMillis, 3_600_000L)));
            measured.incrementAndGet();
            PrintWriter out = trace;
            if (out != null) {
              out.println(eventMillis + "," + now);
            }
          }
          if (count.incrementAndGet() == target) {
            targetNanos.set(System.nanoTime());
          }
        }
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
      if (trace != null) {
        trace.close();
      }
    }
  }

  /** The event time in a result's JSON ({@code "timestamp":"...Z"}), or -1. */
  private static long eventMillis(ConsumerRecord<byte[], byte[]> record) {
    String json = new String(record.value(), StandardCharsets.UTF_8);
    int at = json.indexOf(new String(TIMESTAMP_FIELD, StandardCharsets.UTF_8));
    if (at < 0) {
      return -1;
    }
    int from = at + TIMESTAMP_FIELD.length;
    int to = json.indexOf('"', from);
    return java.time.Instant.parse(json.substring(from, to)).toEpochMilli();
  }

  /**
   * Also writes one line per measured result, {@code sentMillis,visibleMillis}, to {@code file}:
   * the raw data behind the percentiles, to see when results become visible (in bursts, say).
   */
  void traceTo(Path file) throws IOException {
    trace = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
  }

  void measureFrom(long millis) {
    measureFromMillis.set(millis);
  }

  long count() {
    return count.get();
  }

  /** Results of events sent since {@link #measureFrom}. */
  long measured() {
    return measured.get();
  }

  Histogram latency() {
    return latency;
  }

  /** Waits for the target count; returns the {@code System.nanoTime()} it was reached at. */
  long awaitTarget(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (targetNanos.get() < 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "saw " + count.get() + " of " + target + " results within " + timeout);
      }
      Thread.sleep(5);
    }
    return targetNanos.get();
  }

  boolean reached() {
    return targetNanos.get() >= 0;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(10_000);
  }
}
