package dev.streamml.pipelines.options;

import dev.streamml.pipelines.kafka.KafkaSinks;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How the pipeline's Kafka sinks (results, alerts, dead letters) batch their records.
 *
 * <pre>{@code
 * --kafkaLingerMs=0     # every record its own request: lowest latency on an idle broker
 * }</pre>
 */
public interface KafkaSinkOptions extends PipelineOptions {

  @Description(
      "How long (ms) a sink's Kafka producer waits to fill a batch (linger.ms): 5, Kafka 4's"
          + " default, batches results at high rates; 0 sends every record as its own request.")
  @Default.Integer(KafkaSinks.DEFAULT_LINGER_MS)
  int getKafkaLingerMs();

  void setKafkaLingerMs(int value);
}
