package dev.streamml.pipelines.kafka;

import dev.streamml.events.EventParser;
import dev.streamml.events.RawRecord;
import dev.streamml.events.RawRecordCoder;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaRecordCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Reads a Kafka topic as {@link RawRecord}s (value bytes, topic, partition, offset, record
 * timestamp), each element stamped with its event time by a {@link BoundedOutOfOrdernessPolicy}.
 *
 * <p>Reading starts at the earliest offset unless the consumer settings say otherwise. With {@link
 * #readToCurrentEnd} the read is bounded: the pipeline ends once every partition is read up to the
 * end offset it had when the pipeline was built, which is how replays and tests finish.
 *
 * <pre>{@code
 * PCollection<RawRecord> raw =
 *     pipeline.apply(
 *         "ReadEvents",
 *         KafkaEventSource.of("127.0.0.1:9092", "events")
 *             .withEventTime(EventParser.of(EventFormat.json()))
 *             .withMaxOutOfOrderness(Duration.standardSeconds(10)));
 * }</pre>
 */
public final class KafkaEventSource extends PTransform<PBegin, PCollection<RawRecord>> {

  public static final Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.standardSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.standardSeconds(5);

  private final String bootstrapServers;
  private final String topic;
  private final @Nullable EventParser eventTime;
  private final Duration maxOutOfOrderness;
  private final Duration idleTimeout;
  private final @Nullable Map<Integer, Long> recordsPerPartition;
  private final Map<String, Object> consumerConfig;
  private final @Nullable SerializableFunction<Map<String, Object>, Consumer<byte[], byte[]>>
      consumerFactory;
  private final boolean commitOffsets;

  private KafkaEventSource(
      String bootstrapServers,
      String topic,
      @Nullable EventParser eventTime,
      Duration maxOutOfOrderness,
      Duration idleTimeout,
      @Nullable Map<Integer, Long> recordsPerPartition,
      Map<String, Object> consumerConfig,
      @Nullable SerializableFunction<Map<String, Object>, Consumer<byte[], byte[]>>
          consumerFactory,
      boolean commitOffsets) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.eventTime = eventTime;
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.idleTimeout = idleTimeout;
    this.recordsPerPartition = recordsPerPartition;
    this.consumerConfig = consumerConfig;
    this.consumerFactory = consumerFactory;
    this.commitOffsets = commitOffsets;
  }

  /** Reads {@code topic}; event time is the Kafka record timestamp until {@link #withEventTime}. */
  public static KafkaEventSource of(String bootstrapServers, String topic) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers must be set, e.g. 127.0.0.1:9092");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("the input topic must be set");
    }
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaEventSource(
        bootstrapServers,
        topic,
        null,
        DEFAULT_MAX_OUT_OF_ORDERNESS,
        DEFAULT_IDLE_TIMEOUT,
        null,
        config,
        null,
        false);
  }

  /** Event time read from the payload by this parser (its format's timestamp field). */
  public KafkaEventSource withEventTime(EventParser parser) {
    return new KafkaEventSource(
        bootstrapServers,
        topic,
        Objects.requireNonNull(parser),
        maxOutOfOrderness,
        idleTimeout,
        recordsPerPartition,
        consumerConfig,
        consumerFactory, commitOffsets);
  }

  /** How far behind the largest event time seen the watermark stays. */
  public KafkaEventSource withMaxOutOfOrderness(Duration bound) {
    BoundedOutOfOrdernessPolicy.factory(null, bound, idleTimeout);
    return new KafkaEventSource(
        bootstrapServers, topic, eventTime, bound, idleTimeout, recordsPerPartition, consumerConfig,
        consumerFactory, commitOffsets);
  }

  /** After how long without records a caught-up partition stops holding the watermark. */
  public KafkaEventSource withIdleTimeout(Duration timeout) {
    BoundedOutOfOrdernessPolicy.factory(null, maxOutOfOrderness, timeout);
    return new KafkaEventSource(
        bootstrapServers, topic, eventTime, maxOutOfOrderness, timeout, recordsPerPartition,
        consumerConfig, consumerFactory, commitOffsets);
  }

  /**
   * A bounded read of exactly these many records from each partition (partition number to count),
   * starting at the earliest offset: see {@link #readToCurrentEnd}.
   */
  public KafkaEventSource withRecordsPerPartition(Map<Integer, Long> counts) {
    for (Map.Entry<Integer, Long> count : counts.entrySet()) {
      if (count.getValue() < 0) {
        throw new IllegalArgumentException(
            "record count of partition " + count.getKey() + " must be >= 0");
      }
    }
    return new KafkaEventSource(
        bootstrapServers, topic, eventTime, maxOutOfOrderness, idleTimeout,
        new TreeMap<>(counts), consumerConfig, consumerFactory, commitOffsets);
  }

  /**
   * A bounded read of what the topic holds now: the pipeline ends once every partition has been
   * read up to its current end offset. Asks the broker at construction time.
   *
   * <p>Each partition gets its own bounded read: KafkaIO's {@code withMaxNumRecords} splits one
   * count evenly over partitions, so a read of unevenly filled partitions would wait forever.
   */
  public KafkaEventSource readToCurrentEnd() {
    return withRecordsPerPartition(
        KafkaOffsets.recordsPerPartition(bootstrapServers, topic, consumerConfig));
  }

  /** Total records of a bounded read, or -1 for an unbounded one. */
  public long boundedRecordCount() {
    return recordsPerPartition == null
        ? -1
        : recordsPerPartition.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Extra Kafka consumer settings (security, group id, ...), added to the defaults. */
  public KafkaEventSource withConsumerConfig(Map<String, Object> updates) {
    Map<String, Object> merged = new HashMap<>(consumerConfig);
    merged.putAll(updates);
    return new KafkaEventSource(
        bootstrapServers, topic, eventTime, maxOutOfOrderness, idleTimeout, recordsPerPartition, merged,
        consumerFactory, commitOffsets);
  }

  /**
   * Exactly-once input: reads only committed records of transactional producers ({@code
   * isolation.level=read_committed}) and commits the offsets read to consumer group {@code groupId}
   * when a checkpoint completes ({@code commitOffsetsInFinalize}), so the group's lag shows what
   * the job has durably processed. Restores still start from the checkpointed offsets, never from
   * the group's: that is what makes the read exactly-once.
   */
  public KafkaEventSource withExactlyOnce(String groupId) {
    if (groupId == null || groupId.isBlank()) {
      throw new IllegalArgumentException("exactly-once input needs a consumer group id");
    }
    Map<String, Object> merged = new HashMap<>(consumerConfig);
    merged.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    merged.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    return new KafkaEventSource(
        bootstrapServers, topic, eventTime, maxOutOfOrderness, idleTimeout, recordsPerPartition, merged,
        consumerFactory, true);
  }

  /** Another consumer implementation: for translation tests that must not reach a broker. */
  public KafkaEventSource withConsumerFactory(
      SerializableFunction<Map<String, Object>, Consumer<byte[], byte[]>> factory) {
    return new KafkaEventSource(
        bootstrapServers, topic, eventTime, maxOutOfOrderness, idleTimeout, recordsPerPartition,
        consumerConfig, factory, commitOffsets);
  }

  @Override
  public PCollection<RawRecord> expand(PBegin input) {
    PCollection<KafkaRecord<byte[], byte[]>> records;
    if (recordsPerPartition == null) {
      records = input.apply("ReadKafka", baseRead().withTopic(topic));
    } else {
      PCollectionList<KafkaRecord<byte[], byte[]>> partitions = PCollectionList.empty(input.getPipeline());
      for (Map.Entry<Integer, Long> partition : recordsPerPartition.entrySet()) {
        if (partition.getValue() > 0) {
          partitions =
              partitions.and(
                  input.apply(
                      "ReadPartition" + partition.getKey(),
                      baseRead()
                          .withTopicPartitions(
                              List.of(new TopicPartition(topic, partition.getKey())))
                          .withMaxNumRecords(partition.getValue())));
        }
      }
      // Set, not inferred: a topic with no records leaves nothing to flatten and no coder to infer.
      records =
          partitions
              .apply("AllPartitions", Flatten.pCollections())
              .setCoder(
                  KafkaRecordCoder.of(
                      NullableCoder.of(ByteArrayCoder.of()), NullableCoder.of(ByteArrayCoder.of())));
    }
    return records
        .apply("ToRawRecords", ParDo.of(new ToRawRecordFn()))
        .setCoder(RawRecordCoder.of());
  }

  private KafkaIO.Read<byte[], byte[]> baseRead() {
    KafkaIO.Read<byte[], byte[]> read =
        KafkaIO.<byte[], byte[]>read()
            .withBootstrapServers(bootstrapServers)
            .withKeyDeserializer(ByteArrayDeserializer.class)
            .withValueDeserializer(ByteArrayDeserializer.class)
            .withConsumerConfigUpdates(consumerConfig)
            .withTimestampPolicyFactory(
                BoundedOutOfOrdernessPolicy.factory(eventTime, maxOutOfOrderness, idleTimeout));
    if (consumerFactory != null) {
      read = read.withConsumerFactoryFn(consumerFactory);
    }
    if (commitOffsets) {
      read = read.commitOffsetsInFinalize();
    }
    return read;
  }

  private static final class ToRawRecordFn extends DoFn<KafkaRecord<byte[], byte[]>, RawRecord> {
    private static final byte[] EMPTY = new byte[0];

    @ProcessElement
    public void processElement(
        @Element KafkaRecord<byte[], byte[]> record, OutputReceiver<RawRecord> out) {
      byte[] value = record.getKV().getValue();
      out.output(
          RawRecord.of(
              value == null ? EMPTY : value,
              record.getTopic(),
              record.getPartition(),
              record.getOffset(),
              new Instant(record.getTimestamp())));
    }
  }
}
