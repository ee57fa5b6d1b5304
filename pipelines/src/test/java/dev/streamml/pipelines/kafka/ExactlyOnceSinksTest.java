package dev.streamml.pipelines.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import dev.streamml.events.DeadLetter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.Test;

/** Every exactly-once sink of streamml hands Beam's writer a {@link RestartSafeProducer}. */
public class ExactlyOnceSinksTest {

  @Test
  public void exactlyOnceSinksUseTheRestartSafeProducerAndPlainSinksDoNot() {
    Pipeline pipeline = Pipeline.create();
    KvCoder<String, String> kv = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
    pipeline
        .apply("Scores", Create.empty(kv))
        .apply("WriteScores", JsonSink.to("127.0.0.1:9", "scores").withExactlyOnce("g-scores"));
    pipeline
        .apply("DeadLetters", Create.empty(TypeDescriptor.of(DeadLetter.class)))
        .apply("WriteDeadLetters", DeadLetterSink.to("127.0.0.1:9", "dead").withExactlyOnce("g-dead"));
    pipeline
        .apply("Plain", Create.empty(kv))
        .apply("WritePlain", JsonSink.to("127.0.0.1:9", "plain"));

    Map<String, KafkaIO.WriteRecords<?, ?>> writes = KafkaWrites.byTopic(pipeline);

    assertEquals(3, writes.size());
    assertNull("at-least-once sinks keep Beam's default producer", writes.get("plain").getProducerFactoryFn());
    for (String topic : List.of("scores", "dead")) {
      Map<String, Object> config = new HashMap<>();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
      config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
      config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "producer_0_for_g-" + topic);
      Producer<?, ?> producer = writes.get(topic).getProducerFactoryFn().apply(config);
      try {
        assertThat(topic, producer, instanceOf(RestartSafeProducer.class));
      } finally {
        producer.close(Duration.ZERO);
      }
    }
  }
}
