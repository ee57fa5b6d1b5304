package dev.streamml.pipelines.options;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.streamml.pipelines.kafka.KafkaWrites;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.Test;

public class DeliveryTest {

  @Test
  public void exactlyOnceOnFlinkNeedsCheckpoints() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Delivery.checkArgs("--runner=FlinkRunner", "--exactlyOnce=true"));
    assertThat(e.getMessage(), containsString("invalid --exactlyOnce"));
    assertThat(e.getMessage(), containsString("--checkpointingInterval"));
  }

  @Test
  public void exactlyOnceWithCheckpointsOrOffIsAccepted() {
    Delivery.checkArgs("--runner=FlinkRunner", "--exactlyOnce=true", "--checkpointingInterval=5000");
    Delivery.checkArgs("--runner=FlinkRunner", "--checkpointingInterval=-1");
    Delivery.checkArgs("--runner=DirectRunner", "--exactlyOnce=true");
  }

  @Test
  public void aNonNumericIntervalNamesTheOption() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Delivery.checkArgs("--runner=FlinkRunner", "--checkpointingInterval=5s"));
    assertThat(e.getMessage(), containsString("invalid --checkpointingInterval"));
  }

  @Test
  public void sinksTakeTheLingerOption() {
    assertEquals(5, lingerOf(PipelineOptionsFactory.fromArgs().as(KafkaInputOptions.class)));
    assertEquals(
        0,
        lingerOf(PipelineOptionsFactory.fromArgs("--kafkaLingerMs=0").as(KafkaInputOptions.class)));
  }

  @Test
  public void aNegativeLingerNamesTheOption() {
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs("--kafkaLingerMs=-1").as(KafkaInputOptions.class);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Delivery.json(options, "h:9", "t"));
    assertEquals(
        "invalid --kafkaLingerMs: -1; allowed: milliseconds >= 0 (default 5)", e.getMessage());
  }

  private static Object lingerOf(PipelineOptions options) {
    Pipeline pipeline = Pipeline.create();
    pipeline
        .apply(Create.empty(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
        .apply(Delivery.json(options, "h:9", "scores"));
    return KafkaWrites.byTopic(pipeline).get("scores").getProducerConfig()
        .get(ProducerConfig.LINGER_MS_CONFIG);
  }
}
