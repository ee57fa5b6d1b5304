package dev.streamml.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Exactly-once delivery to and from Kafka, for pipelines that run with checkpoints (a Flink
 * cluster with {@code --checkpointingInterval}).
 *
 * <p>With {@code --exactlyOnce=true} every Kafka sink of the pipeline writes through Kafka
 * transactions (KafkaIO {@code withEOS}) that commit with Flink's checkpoints, the input is read
 * {@code read_committed}, and the input offsets are committed to consumer group {@code
 * <kafkaGroupPrefix>-<inputTopic>} when a checkpoint completes. Consumers of the output must read
 * with {@code isolation.level=read_committed} to see each result exactly once; results appear once
 * per checkpoint rather than at once.
 *
 * <pre>{@code
 * --runner=flink-cluster --flinkMaster=127.0.0.1:8081 --checkpointingInterval=5000 --exactlyOnce=true
 * }</pre>
 */
public interface ExactlyOnceOptions extends PipelineOptions {

  @Description(
      "Exactly-once Kafka output: transactional sinks committed with each checkpoint, input read"
          + " read_committed, offsets committed on checkpoints. On Flink it needs"
          + " --checkpointingInterval.")
  @Default.Boolean(false)
  boolean getExactlyOnce();

  void setExactlyOnce(boolean value);

  @Description(
      "Prefix of the Kafka group ids of an exactly-once job: <prefix>-<inputTopic> for the input"
          + " offsets, <prefix>-eos-<topic> for each sink. Keep it when restarting a job from a"
          + " savepoint; give each job its own.")
  @Default.String("streamml")
  String getKafkaGroupPrefix();

  void setKafkaGroupPrefix(String value);
}
