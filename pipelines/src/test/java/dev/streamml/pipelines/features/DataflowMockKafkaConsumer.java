package dev.streamml.pipelines.features;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * A Kafka consumer factory for the offline Dataflow translation test: each call returns a Kafka
 * {@link MockConsumer} that knows one topic with a fixed number of empty partitions (beginning and
 * end offset 0), so that KafkaIO can list and split partitions at job submission without a broker.
 * Modelled on {@code mkMockConsumer} of Beam's {@code KafkaIOTest}.
 */
final class DataflowMockKafkaConsumer
    implements SerializableFunction<Map<String, Object>, Consumer<byte[], byte[]>> {
  private static final long serialVersionUID = 1L;

  private final String topic;
  private final int partitions;

  DataflowMockKafkaConsumer(String topic, int partitions) {
    this.topic = topic;
    this.partitions = partitions;
  }

  @Override
  public Consumer<byte[], byte[]> apply(Map<String, Object> config) {
    List<TopicPartition> topicPartitions = new ArrayList<>();
    List<PartitionInfo> infos = new ArrayList<>();
    Map<TopicPartition, Long> offsets = new HashMap<>();
    Node leader = new Node(0, "localhost", 9092);
    for (int p = 0; p < partitions; p++) {
      TopicPartition partition = new TopicPartition(topic, p);
      topicPartitions.add(partition);
      infos.add(new PartitionInfo(topic, p, leader, new Node[] {leader}, new Node[] {leader}));
      offsets.put(partition, 0L);
    }
    MockConsumer<byte[], byte[]> consumer =
        new MockConsumer<byte[], byte[]>(OffsetResetStrategy.EARLIEST) {
          @Override
          public synchronized void assign(Collection<TopicPartition> assigned) {
            super.assign(assigned);
            // Like KafkaIOTest: offsets are known once partitions are assigned.
            updateBeginningOffsets(offsets);
            updateEndOffsets(offsets);
          }
        };
    consumer.updatePartitions(topic, infos);
    consumer.updateBeginningOffsets(offsets);
    consumer.updateEndOffsets(offsets);
    return consumer;
  }
}
