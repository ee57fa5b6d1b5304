package dev.streamml.pipelines.bench;

import dev.streamml.events.Event;
import dev.streamml.events.EventParseException;
import dev.streamml.events.EventParser;
import dev.streamml.pipelines.kafka.DeadLetterSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.joda.time.Instant;

/**
 * The skeleton of a baseline: one thread, no Beam, a Kafka consumer reading the input topic up to
 * the end offsets it has when the run starts, the pipeline's own {@link EventParser} on every
 * record, unparseable records to the dead-letter topic with their original bytes and reason (as
 * {@link DeadLetterSink} does), and a subclass doing the per-event work and writing keyed JSON
 * results with a plain producer.
 *
 * <pre>{@code
 * long results = new AnomalyBaseline(options).run();   // returns when every result is acknowledged
 * }</pre>
 */
abstract class BaselineLoop {
  /**
   * JVM property: {@code -Dstreamml.bench.groupByKey=true} makes the baseline process each poll's
   * records key by key (stable, so each key's order is kept) instead of in arrival order.
   */
  static final String GROUP_BY_KEY_PROPERTY = "streamml.bench.groupByKey";

  private final boolean groupByKey;
  private final String servers;
  private final String inputTopic;
  private final String deadLetterTopic;
  private final EventParser parser;
  private KafkaProducer<String, String> results;
  private long written;
  /** Largest event time per partition still being read: the source's watermark is their minimum. */
  private final Map<Integer, Long> maxEventMillis = new HashMap<>();

  BaselineLoop(String servers, String inputTopic, String deadLetterTopic, EventParser parser) {
    this.groupByKey = Boolean.getBoolean(GROUP_BY_KEY_PROPERTY);
    this.servers = servers;
    this.inputTopic = inputTopic;
    this.deadLetterTopic = deadLetterTopic;
    this.parser = parser;
  }

  /** Processes the topic as it is now; returns the number of results written. */
  final long run() {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    // Results come one at a time as records are processed: with kafka-clients 3.9's default linger
    // of 0 each could leave in its own produce request. The cheapest program batches, so the
    // baseline does, with the linger Kafka 4 made the default.
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    try (KafkaConsumer<byte[], byte[]> consumer = TopicLoad.consumer(servers);
        KafkaProducer<String, String> out =
            new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        KafkaProducer<byte[], byte[]> deadLetters =
            new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      this.results = out;
      List<TopicPartition> partitions = TopicLoad.partitions(consumer, inputTopic);
      Map<TopicPartition, Long> end = new HashMap<>(TopicLoad.endOffsets(consumer, inputTopic));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      end.values().removeIf(offset -> offset == 0);
      end.keySet().forEach(partition -> maxEventMillis.put(partition.partition(), Long.MIN_VALUE));
      while (!end.isEmpty()) {
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(200));
        List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(polled.count());
        polled.forEach(batch::add);
        if (groupByKey) {
          // Each key's records of the poll one after the other, in their order: the same results,
          // but a key's detector state stays in the CPU cache (round-robin over 20 knn-conformal
          // keys costs 3-5x more CPU per event than key by key, measured).
          batch.sort(Comparator.comparing(BaselineLoop::keyOf, Arrays::compare));
        }
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          process(record, deadLetters);
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          Long last = end.get(partition);
          if (last != null && record.offset() + 1 >= last) {
            end.remove(partition);
            // A partition read to its end no longer holds the watermark, as in a bounded read.
            maxEventMillis.remove(partition.partition());
          }
        }
        afterBatch();
      }
      finish();
      out.flush();
      deadLetters.flush();
      return written;
    }
  }

  private static byte[] keyOf(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? new byte[0] : record.key();
  }

  private void process(ConsumerRecord<byte[], byte[]> record, KafkaProducer<byte[], byte[]> dead) {
    byte[] payload = record.value() == null ? new byte[0] : record.value();
    Event event;
    try {
      event = parser.parse(payload, new Instant(record.timestamp()));
    } catch (EventParseException | RuntimeException e) {
      RecordHeaders headers = new RecordHeaders();
      headers.add(DeadLetterSink.REASON, utf8(String.valueOf(e.getMessage())));
      headers.add(DeadLetterSink.STAGE, utf8("parse"));
      headers.add(DeadLetterSink.SOURCE_TOPIC, utf8(record.topic()));
      headers.add(DeadLetterSink.SOURCE_PARTITION, utf8(String.valueOf(record.partition())));
      headers.add(DeadLetterSink.SOURCE_OFFSET, utf8(String.valueOf(record.offset())));
      headers.add(DeadLetterSink.SOURCE_TIMESTAMP, utf8(String.valueOf(record.timestamp())));
      dead.send(new ProducerRecord<>(deadLetterTopic, null, null, null, payload, headers));
      return;
    }
    maxEventMillis.computeIfPresent(
        record.partition(), (partition, max) -> Math.max(max, event.getTimestamp().getMillis()));
    onEvent(event);
  }

  /**
   * The smallest of the largest event times of the partitions still being read, as the pipeline's
   * per-partition watermark policy sees them (before subtracting the out-of-orderness); {@link
   * Long#MAX_VALUE} once all are read.
   */
  final long maxEventTimeAllPartitions() {
    long min = Long.MAX_VALUE;
    for (long max : maxEventMillis.values()) {
      min = Math.min(min, max);
    }
    return min;
  }

  /** The per-event work; results go out through {@link #write}. */
  abstract void onEvent(Event event);

  /** Called after each poll: windows whose time has come can be emitted. */
  void afterBatch() {}

  /** Called once the input is consumed. */
  void finish() {}

  final void write(String topic, String key, String json) {
    results.send(new ProducerRecord<>(topic, key, json));
    written++;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
