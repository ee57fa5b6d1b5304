package dev.streamml.pipelines.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
 * Fills a topic with {@link BenchEvents} (each record's Kafka timestamp its event time, its key the
 * event key so a key stays on one partition and in order) and reads a topic back without doing
 * anything with the records: the raw produce and consume rates of the broker, the ceiling for any
 * pipeline on it.
 *
 * <pre>{@code
 * double produced = TopicLoad.preload(servers, "bench-events", BenchEvents.of(100, 1000), 200_000);
 * double consumed = TopicLoad.consumeAll(servers, "bench-events", 200_000);  // events/s
 * }</pre>
 */
public final class TopicLoad {
  private TopicLoad() {}

  /** Sends events 0..n-1 and waits for every acknowledgement; returns events per second. */
  public static double preload(String servers, String topic, BenchEvents events, long n) {
    long start = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer = producer(servers, 20)) {
      for (long i = 0; i < n; i++) {
        producer.send(
            new ProducerRecord<>(topic, null, events.eventMillis(i), events.key(i), events.json(i)));
      }
      producer.flush();
    }
    return n / seconds(start);
  }

  /** A producer tuned for bulk loading (large batches), or low latency with linger 0-1 ms. */
  static KafkaProducer<String, byte[]> producer(String servers, int lingerMs) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  /** Reads the topic from the start until {@code n} records have come; returns records per second. */
  public static double consumeAll(String servers, String topic, long n) {
    long start = System.nanoTime();
    long read = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(servers)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (read < n && System.nanoTime() < deadline) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        read += records.count();
      }
    }
    if (read < n) {
      throw new IllegalStateException("read " + read + " of " + n + " records of " + topic);
    }
    return n / seconds(start);
  }

  static KafkaConsumer<byte[], byte[]> consumer(String servers) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 16 * 1024 * 1024);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
      partitions.add(new TopicPartition(topic, info.partition()));
    }
    return partitions;
  }

  /** End offsets now: what a bounded read of the topic covers. */
  static Map<TopicPartition, Long> endOffsets(KafkaConsumer<?, ?> consumer, String topic) {
    return consumer.endOffsets(partitions(consumer, topic), Duration.ofSeconds(30));
  }

  static double seconds(long startNanos) {
    return Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
  }
}
