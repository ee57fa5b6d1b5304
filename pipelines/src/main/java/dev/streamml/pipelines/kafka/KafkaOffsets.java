package dev.streamml.pipelines.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How many records each partition of a topic holds now (end offset minus beginning offset).
 *
 * <pre>{@code
 * Map<Integer, Long> counts = KafkaOffsets.recordsPerPartition("127.0.0.1:9092", "events", Map.of());
 * }</pre>
 */
public final class KafkaOffsets {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private KafkaOffsets() {}

  /** Partition number to record count; fails if the topic does not exist. */
  public static Map<Integer, Long> recordsPerPartition(
      String bootstrapServers, String topic, Map<String, Object> consumerConfig) {
    Map<String, Object> config = new HashMap<>(consumerConfig);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid --inputTopic: topic '" + topic + "' does not exist on " + bootstrapServers);
      }
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : infos) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, TIMEOUT);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      Map<Integer, Long> counts = new TreeMap<>();
      for (TopicPartition partition : partitions) {
        counts.put(partition.partition(), end.get(partition) - beginning.get(partition));
      }
      return counts;
    }
  }
}
