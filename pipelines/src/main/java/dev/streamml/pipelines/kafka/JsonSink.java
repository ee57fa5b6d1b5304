package dev.streamml.pipelines.kafka;

import java.util.Map;
import javax.annotation.Nullable;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes keyed text records (JSON, typically) to a Kafka topic, UTF-8 encoded.
 *
 * <pre>{@code
 * keyedJson.apply("WriteFeatures", JsonSink.to("127.0.0.1:9092", "features"));
 * }</pre>
 */
public final class JsonSink extends PTransform<PCollection<KV<String, String>>, PDone> {

  private final String bootstrapServers;
  private final String topic;
  private final Map<String, Object> producerConfig;
  private final @Nullable String exactlyOnceGroup;

  private JsonSink(
      String bootstrapServers, String topic, Map<String, Object> producerConfig,
      @Nullable String exactlyOnceGroup) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producerConfig = producerConfig;
    this.exactlyOnceGroup = exactlyOnceGroup;
  }

  public static JsonSink to(String bootstrapServers, String topic) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("an output topic must be named");
    }
    return new JsonSink(bootstrapServers, topic, Map.of(), null);
  }

  /**
   * Extra Kafka producer settings (security, ...), over the sinks' defaults ({@code linger.ms}
   * {@value KafkaSinks#DEFAULT_LINGER_MS}).
   */
  public JsonSink withProducerConfig(Map<String, Object> config) {
    return new JsonSink(bootstrapServers, topic, Map.copyOf(config), exactlyOnceGroup);
  }

  /**
   * Exactly-once output through Kafka transactions (KafkaIO {@code withEOS}): records become
   * visible to {@code read_committed} consumers when the runner's checkpoint that covers them
   * completes, and a replay after a failure is recognised and skipped. {@code sinkGroupId} keeps
   * the sink's progress on the broker: stable across restarts of one job, unique per job and topic.
   */
  public JsonSink withExactlyOnce(String sinkGroupId) {
    return new JsonSink(bootstrapServers, topic, producerConfig, KafkaSinks.checkedGroup(sinkGroupId));
  }

  @Override
  public PDone expand(PCollection<KV<String, String>> input) {
    KafkaIO.Write<String, String> write =
        KafkaIO.<String, String>write()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            .withKeySerializer(StringSerializer.class)
            .withValueSerializer(StringSerializer.class)
            .withProducerConfigUpdates(KafkaSinks.producerConfig(producerConfig));
    if (exactlyOnceGroup != null) {
      write =
          write
              .withEOS(KafkaSinks.EXACTLY_ONCE_SHARDS, exactlyOnceGroup)
              // Beam's writer would reuse a producer left mid-transaction by a cancelled task.
              .withProducerFactoryFn(RestartSafeProducer.<String, String>factory());
    }
    return input.apply("WriteKafka", write);
  }
}
