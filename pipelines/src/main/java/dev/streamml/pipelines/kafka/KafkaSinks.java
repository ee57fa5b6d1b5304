package dev.streamml.pipelines.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Settings shared by streamml's Kafka sinks ({@link JsonSink}, {@link DeadLetterSink}).
 *
 * <pre>{@code
 * JsonSink.to(servers, "scores").withExactlyOnce(KafkaSinks.exactlyOnceGroup("streamml", "scores"));
 * }</pre>
 */
public final class KafkaSinks {

  /**
   * Writers per exactly-once sink. One transactional writer per topic keeps every output topic's
   * order per key and is plenty for streamml's result rates; the transactions, not the shards, are
   * what bound the latency (one commit per checkpoint).
   */
  public static final int EXACTLY_ONCE_SHARDS = 1;

  /**
   * The sinks' producer linger: Kafka 4.0's default (KIP-1030), which kafka-clients 3.9 (0 ms)
   * lacks. With 0 ms every result became its own produce request: at 7,000 results/s the broker
   * used three times the CPU and, sharing two cores with the pipeline, pushed the anomaly
   * pipeline's p50 latency from 52 ms to 795 ms (docs/benchmarks.md, Latency). 5 ms is the most a
   * result waits for the batch it goes in.
   */
  public static final int DEFAULT_LINGER_MS = 5;

  private KafkaSinks() {}

  /** {@code config} over the sinks' defaults ({@link #DEFAULT_LINGER_MS}): the caller's settings win. */
  static Map<String, Object> producerConfig(Map<String, Object> config) {
    Map<String, Object> merged = new LinkedHashMap<>();
    merged.put(ProducerConfig.LINGER_MS_CONFIG, DEFAULT_LINGER_MS);
    merged.putAll(config);
    return merged;
  }

  /** The sink group id of an exactly-once sink: {@code <prefix>-eos-<topic>}. */
  public static String exactlyOnceGroup(String prefix, String topic) {
    return checkedGroup(prefix + "-eos-" + topic);
  }

  static String checkedGroup(String group) {
    if (group == null || group.isBlank()) {
      throw new IllegalArgumentException("an exactly-once sink needs a sink group id");
    }
    return group;
  }
}
