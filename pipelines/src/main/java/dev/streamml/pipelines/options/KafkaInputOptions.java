package dev.streamml.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Where events come from: a Kafka broker and topic, and the event-time watermark policy; how the
 * pipeline's Kafka clients log in comes with it ({@link KafkaSecurityOptions}).
 *
 * <pre>{@code
 * --bootstrapServers=127.0.0.1:9092 --inputTopic=events --maxOutOfOrderness=30s
 * }</pre>
 */
public interface KafkaInputOptions
    extends KafkaSecurityOptions, ExactlyOnceOptions, KafkaSinkOptions {

  @Description("Kafka bootstrap servers, host:port[,host:port].")
  @Default.String("127.0.0.1:9092")
  String getBootstrapServers();

  void setBootstrapServers(String value);

  @Description("Topic to read events from.")
  @Default.String("events")
  String getInputTopic();

  void setInputTopic(String value);

  @Description(
      "How far behind the largest event time seen the watermark stays (e.g. 500ms, 10s, 1m).")
  @Default.String("10s")
  String getMaxOutOfOrderness();

  void setMaxOutOfOrderness(String value);

  @Description(
      "After how long without records a caught-up partition stops holding the watermark back.")
  @Default.String("5s")
  String getIdleTimeout();

  void setIdleTimeout(String value);

  @Description(
      "How long the start-up check waits for the broker to answer before failing (e.g. 10s).")
  @Default.String("10s")
  String getKafkaCheckTimeout();

  void setKafkaCheckTimeout(String value);

  @Description(
      "Read the topic only up to the end offsets it has when the pipeline starts, then end"
          + " (replays and tests); false: read forever.")
  @Default.Boolean(false)
  boolean getReadToEnd();

  void setReadToEnd(boolean value);
}
