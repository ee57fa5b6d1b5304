package dev.streamml.pipelines.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts what a pipeline writes to its output topics while it runs, on a background consumer
 * thread, and summarises feature windows per key for the demo's table.
 *
 * <pre>{@code
 * try (TopicTally tally = TopicTally.start(servers, List.of("features", "dead-letters"), "features")) {
 *   ... run the pipeline ...
 *   tally.awaitQuiet(Duration.ofSeconds(2));
 *   long windows = tally.count("features");
 * }
 * }</pre>
 */
public final class TopicTally implements AutoCloseable {

  /** Per-key summary of feature windows: the latest pane of each window counts. */
  public static final class KeySummary {
    private final Map<String, Long> countByWindow = new TreeMap<>();
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long panes;

    void add(JsonNode window) {
      panes++;
      countByWindow.put(window.path("window_start").asText(), window.path("count").asLong());
      if (window.hasNonNull("min")) {
        min = Math.min(min, window.get("min").asDouble());
      }
      if (window.hasNonNull("max")) {
        max = Math.max(max, window.get("max").asDouble());
      }
    }

    public long windows() {
      return countByWindow.size();
    }

    public long panes() {
      return panes;
    }

    public long events() {
      return countByWindow.values().stream().mapToLong(Long::longValue).sum();
    }

    public double min() {
      return min;
    }

    public double max() {
      return max;
    }

    public String firstWindow() {
      return countByWindow.isEmpty() ? "-" : ((TreeMap<String, Long>) countByWindow).firstKey();
    }

    public String lastWindow() {
      return countByWindow.isEmpty() ? "-" : ((TreeMap<String, Long>) countByWindow).lastKey();
    }
  }

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String featuresTopic;
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Map<String, KeySummary> summaries = new TreeMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong lastRecordNanos = new AtomicLong(System.nanoTime());
  private final Thread thread;

  private TopicTally(
      KafkaConsumer<byte[], byte[]> consumer, List<String> topics, String featuresTopic) {
    this.consumer = consumer;
    this.featuresTopic = featuresTopic;
    for (String topic : topics) {
      counts.put(topic, new AtomicLong());
    }
    this.thread = new Thread(this::poll, "streamml-topic-tally");
    this.thread.setDaemon(true);
  }

  /** Starts counting {@code topics} from their beginning; windows on {@code featuresTopic}. */
  public static TopicTally start(String bootstrapServers, List<String> topics, String featuresTopic) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    TopicTally tally = new TopicTally(consumer, topics, featuresTopic);
    tally.thread.start();
    return tally;
  }

  private void poll() {
    try {
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          counts.get(record.topic()).incrementAndGet();
          lastRecordNanos.set(System.nanoTime());
          if (record.topic().equals(featuresTopic)) {
            summarise(record.value());
          }
        }
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void summarise(byte[] value) {
    try {
      JsonNode window = MAPPER.readTree(value);
      synchronized (summaries) {
        summaries.computeIfAbsent(window.path("key").asText(), key -> new KeySummary()).add(window);
      }
    } catch (IOException e) {
      // Not a feature record: it is still counted, just not summarised.
    }
  }

  /** Records seen on {@code topic} so far. */
  public long count(String topic) {
    AtomicLong count = counts.get(topic);
    return count == null ? 0 : count.get();
  }

  /** Feature summaries by key, in key order. */
  public Map<String, KeySummary> summaries() {
    synchronized (summaries) {
      return new TreeMap<>(summaries);
    }
  }

  /** Waits until no record has arrived for {@code quiet}, at most {@code limit}. */
  public void awaitQuiet(Duration quiet, Duration limit) throws InterruptedException {
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
