package dev.streamml.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic from the beginning as a downstream consumer of an exactly-once pipeline must:
 * {@code isolation.level=read_committed}, so records of open or aborted transactions never show.
 * Keeps what it read, so a test can watch the count grow while a fault happens.
 */
final class CommittedReader implements AutoCloseable {

  private final KafkaConsumer<String, String> consumer;
  private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

  CommittedReader(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Polls once (up to {@code wait}) and returns how many records were read so far. */
  int poll(Duration wait) {
    try {
      consumer.poll(wait).forEach(records::add);
    } catch (RuntimeException e) {
      // A broker outage (the broker restart test) is only a pause for this reader.
    }
    return records.size();
  }

  /**
   * Polls until {@code done} or the deadline; returns whether {@code done} held. While waiting
   * {@code onPoll} runs after every poll (progress lines, fault injection).
   */
  boolean pollUntil(BooleanSupplier done, Duration timeout, Runnable onPoll) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      poll(Duration.ofMillis(500));
      onPoll.run();
      if (done.getAsBoolean()) {
        return true;
      }
    }
    return done.getAsBoolean();
  }

  /** Reads until nothing new arrives for {@code quiet}: catches late duplicates, if any. */
  void drain(Duration quiet) {
    long lastGrowth = System.nanoTime();
    int seen = records.size();
    while (System.nanoTime() - lastGrowth < quiet.toNanos()) {
      if (poll(Duration.ofMillis(500)) > seen) {
        seen = records.size();
        lastGrowth = System.nanoTime();
      }
    }
  }

  int count() {
    return records.size();
  }

  List<ConsumerRecord<String, String>> records() {
    return records;
  }

  /** End offsets as a read_committed consumer sees them (the last stable offsets). */
  Map<TopicPartition, Long> endOffsets() {
    return consumer.endOffsets(consumer.assignment());
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
