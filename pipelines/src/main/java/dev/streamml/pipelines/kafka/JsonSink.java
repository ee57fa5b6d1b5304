package dev.streamml.pipelines.kafka;

import java.util.Map;
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

  private JsonSink(String bootstrapServers, String topic, Map<String, Object> producerConfig) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.producerConfig = producerConfig;
  }

  public static JsonSink to(String bootstrapServers, String topic) {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("an output topic must be named");
    }
    return new JsonSink(bootstrapServers, topic, Map.of());
  }

  /** Extra Kafka producer settings (security, ...). */
  public JsonSink withProducerConfig(Map<String, Object> config) {
    return new JsonSink(bootstrapServers, topic, Map.copyOf(config));
  }

  @Override
  public PDone expand(PCollection<KV<String, String>> input) {
    return input.apply(
        "WriteKafka",
        KafkaIO.<String, String>write()
            .withBootstrapServers(bootstrapServers)
            .withTopic(topic)
            .withKeySerializer(StringSerializer.class)
            .withValueSerializer(StringSerializer.class)
            .withProducerConfigUpdates(producerConfig));
  }
}
