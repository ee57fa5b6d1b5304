package dev.streamml.pipelines.kafka;

import static org.junit.Assert.assertEquals;

import dev.streamml.events.DeadLetter;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.Test;

/** streamml's sinks batch results for 5 ms by default (Kafka 4's linger), and the user's settings win. */
public class SinkProducerConfigTest {

  @Test
  public void sinksLingerFiveMillisecondsUnlessTold() {
    Pipeline pipeline = Pipeline.create();
    KvCoder<String, String> kv = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
    pipeline.apply("Scores", Create.empty(kv)).apply("WriteScores", JsonSink.to("h:9", "scores"));
    pipeline
        .apply("DeadLetters", Create.empty(TypeDescriptor.of(DeadLetter.class)))
        .apply("WriteDeadLetters", DeadLetterSink.to("h:9", "dead"));
    pipeline
        .apply("Tuned", Create.empty(kv))
        .apply(
            "WriteTuned",
            JsonSink.to("h:9", "tuned")
                .withProducerConfig(
                    Map.of(ProducerConfig.LINGER_MS_CONFIG, 0, "security.protocol", "SSL")));

    Map<String, KafkaIO.WriteRecords<?, ?>> writes = KafkaWrites.byTopic(pipeline);

    assertEquals(5, writes.get("scores").getProducerConfig().get(ProducerConfig.LINGER_MS_CONFIG));
    assertEquals(5, writes.get("dead").getProducerConfig().get(ProducerConfig.LINGER_MS_CONFIG));
    Map<String, Object> tuned = writes.get("tuned").getProducerConfig();
    assertEquals(0, tuned.get(ProducerConfig.LINGER_MS_CONFIG));
    assertEquals("SSL", tuned.get("security.protocol"));
  }
}
