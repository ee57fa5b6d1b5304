package dev.streamml.pipelines.kafka;

import dev.streamml.events.DeadLetter;
import dev.streamml.events.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import javax.annotation.Nullable;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.io.kafka.ProducerRecordCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes {@link DeadLetter}s to a Kafka topic the way Kafka Connect's dead-letter queues do: the
 * record value is the original bytes, untouched, and the context travels in headers: {@value
 * #REASON}, {@value #STAGE}, {@value #SOURCE_TOPIC}, {@value #SOURCE_PARTITION}, {@value
 * #SOURCE_OFFSET}, {@value #SOURCE_TIMESTAMP} (all UTF-8 text).
 *
 * <pre>{@code
 * parsed.deadLetters().apply("WriteDeadLetters", DeadLetterSink.to("127.0.0.1:9092", "dead-letters"));
 * }</pre>
 */
public final class DeadLetterSink extends PTransform<PCollection<DeadLetter>, PDone> {

  public static final String REASON = "streamml.error.reason";
  public static final String STAGE = "streamml.error.stage";
  public static final String SOURCE_TOPIC = "streamml.source.topic";
  public static final String SOURCE_PARTITION = "streamml.source.partition";
  public static final String SOURCE_OFFSET = "streamml.source.offset";
  public static final String SOURCE_TIMESTAMP = "streamml.source.timestamp";

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> producerConfig;
  private final @Nullable String exactlyOnceGroup;

  private DeadLetterSink(
      String bootstrapServers, String topic, Map<String, Object> config,
      @Nullable String exactlyOnceGroup) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producerConfig = config;
    this.exactlyOnceGroup = exactlyOnceGroup;
  }

  public static DeadLetterSink to(String bootstrapServers, String topic) {
    return new DeadLetterSink(bootstrapServers, topic, Map.of(), null);
  }

  /**
   * Extra Kafka producer settings (security, ...), over the sinks' defaults ({@code linger.ms}
   * {@value KafkaSinks#DEFAULT_LINGER_MS}).
   */
  public DeadLetterSink withProducerConfig(Map<String, Object> config) {
    return new DeadLetterSink(bootstrapServers, topic, Map.copyOf(config), exactlyOnceGroup);
  }

  /** Exactly-once output through Kafka transactions, as {@link JsonSink#withExactlyOnce}. */
  public DeadLetterSink withExactlyOnce(String sinkGroupId) {
    return new DeadLetterSink(
        bootstrapServers, topic, producerConfig, KafkaSinks.checkedGroup(sinkGroupId));
  }

  @Override
  public PDone expand(PCollection<DeadLetter> input) {
    KafkaIO.WriteRecords<byte[], byte[]> write =
        KafkaIO.<byte[], byte[]>writeRecords()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            .withKeySerializer(ByteArraySerializer.class)
            .withValueSerializer(ByteArraySerializer.class)
            .withProducerConfigUpdates(KafkaSinks.producerConfig(producerConfig));
    if (exactlyOnceGroup != null) {
      write =
          write
              .withEOS(KafkaSinks.EXACTLY_ONCE_SHARDS, exactlyOnceGroup)
              // Beam's writer would reuse a producer left mid-transaction by a cancelled task.
              .withProducerFactoryFn(RestartSafeProducer.<byte[], byte[]>factory());
    }
    return input
        .apply("ToProducerRecords", ParDo.of(new ToProducerRecordFn(topic)))
        // Dead letters carry no key: the payload could not be parsed, so it has none we trust.
        .setCoder(ProducerRecordCoder.of(NullableCoder.of(ByteArrayCoder.of()), ByteArrayCoder.of()))
        .apply("WriteKafka", write);
  }

  private static final class ToProducerRecordFn
      extends DoFn<DeadLetter, ProducerRecord<byte[], byte[]>> {
    private final String topic;

    ToProducerRecordFn(String topic) {
      this.topic = topic;
    }

    @ProcessElement
    public void processElement(
        @Element DeadLetter letter, OutputReceiver<ProducerRecord<byte[], byte[]>> out) {
      RawRecord record = letter.getRecord();
      RecordHeaders headers = new RecordHeaders();
      headers.add(REASON, utf8(letter.getReason()));
      headers.add(STAGE, utf8(letter.getStage()));
      headers.add(SOURCE_TOPIC, utf8(record.getSource()));
      headers.add(SOURCE_PARTITION, utf8(String.valueOf(record.getPartition())));
      headers.add(SOURCE_OFFSET, utf8(String.valueOf(record.getOffset())));
      headers.add(SOURCE_TIMESTAMP, utf8(String.valueOf(record.getTimestamp().getMillis())));
      out.output(
          new ProducerRecord<>(topic, null, null, null, record.getPayload(), headers));
    }

    private static byte[] utf8(String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
  }
}
