package dev.streamml.pipelines.options;

import dev.streamml.pipelines.kafka.DeadLetterSink;
import dev.streamml.pipelines.kafka.JsonSink;
import dev.streamml.pipelines.kafka.KafkaEventSource;
import dev.streamml.pipelines.kafka.KafkaSinks;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Turns {@link ExactlyOnceOptions} and {@link KafkaSecurityOptions} into Kafka source and sink
 * settings, so that every pipeline gets the same delivery guarantee and login from its options.
 *
 * <pre>{@code
 * results.apply("WriteScores", Delivery.json(options, servers, "anomaly-scores"));
 * parsed.deadLetters().apply("WriteDeadLetters", Delivery.deadLetters(options, servers, "dead-letters"));
 * }</pre>
 */
public final class Delivery {

  private Delivery() {}

  /** A JSON sink to {@code topic}, transactional when {@code --exactlyOnce} is on. */
  public static JsonSink json(PipelineOptions options, String servers, String topic) {
    JsonSink sink = JsonSink.to(servers, topic).withProducerConfig(producerConfig(options));
    ExactlyOnceOptions eo = options.as(ExactlyOnceOptions.class);
    return eo.getExactlyOnce()
        ? sink.withExactlyOnce(KafkaSinks.exactlyOnceGroup(eo.getKafkaGroupPrefix(), topic))
        : sink;
  }

  /** A dead-letter sink to {@code topic}, transactional when {@code --exactlyOnce} is on. */
  public static DeadLetterSink deadLetters(PipelineOptions options, String servers, String topic) {
    DeadLetterSink sink = DeadLetterSink.to(servers, topic).withProducerConfig(producerConfig(options));
    ExactlyOnceOptions eo = options.as(ExactlyOnceOptions.class);
    return eo.getExactlyOnce()
        ? sink.withExactlyOnce(KafkaSinks.exactlyOnceGroup(eo.getKafkaGroupPrefix(), topic))
        : sink;
  }

  /** The producer settings of the options' Kafka security (SASL, TLS) and sink batching. */
  private static Map<String, Object> producerConfig(PipelineOptions options) {
    Map<String, Object> config =
        new HashMap<>(PipelineSettings.producerConfig(options.as(KafkaSecurityOptions.class)));
    int linger = options.as(KafkaSinkOptions.class).getKafkaLingerMs();
    if (linger < 0) {
      throw new IllegalArgumentException(
          "invalid --kafkaLingerMs: " + linger + "; allowed: milliseconds >= 0 (default "
              + KafkaSinks.DEFAULT_LINGER_MS + ")");
    }
    config.put(ProducerConfig.LINGER_MS_CONFIG, linger);
    return config;
  }

  /** {@code source} reading committed records and committing offsets when exactly-once is on. */
  public static KafkaEventSource source(
      PipelineOptions options, KafkaEventSource source, String inputTopic) {
    ExactlyOnceOptions eo = options.as(ExactlyOnceOptions.class);
    return eo.getExactlyOnce()
        ? source.withExactlyOnce(eo.getKafkaGroupPrefix() + "-" + inputTopic)
        : source;
  }

  /**
   * Refuses {@code --exactlyOnce=true} on Flink without checkpoints: the transactional sink
   * commits only when a checkpoint completes, so without them nothing would ever be written.
   */
  public static void checkArgs(String... args) {
    Map<String, String> byName = new HashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 2) {
        byName.put(arg.substring(2, equals), arg.substring(equals + 1));
      }
    }
    boolean exactlyOnce = Boolean.parseBoolean(byName.get("exactlyOnce"));
    boolean flink = byName.getOrDefault("runner", "").toLowerCase(Locale.ROOT).contains("flink");
    String interval = byName.getOrDefault("checkpointingInterval", "-1").trim();
    long millis;
    try {
      millis = Long.parseLong(interval);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid --checkpointingInterval: '" + interval + "'; allowed: milliseconds, e.g. 5000");
    }
    if (exactlyOnce && flink && millis <= 0) {
      throw new IllegalArgumentException(
          "invalid --exactlyOnce: on Flink the transactional Kafka sink commits with checkpoints;"
              + " set --checkpointingInterval=MS (e.g. 5000), or use --runner=flink-cluster");
    }
  }
}
