package dev.streamml.pipelines.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.Test;

/**
 * {@link RestartSafeProducer} driven the way Beam 2.70's exactly-once writer drives a cached
 * producer (begin, send, send offsets, commit per bundle), with the interruptions a Flink task
 * cancellation causes, against Kafka's {@link MockProducer}.
 */
public class RestartSafeProducerTest {

  private static final String GROUP = "streamml-eos-scores";
  private static final Map<TopicPartition, OffsetAndMetadata> SEQUENCE =
      Map.of(new TopicPartition("scores", 0), new OffsetAndMetadata(0L, "{\"seq\":1}"));

  private final List<MockProducer<String, String>> opened = new ArrayList<>();

  private RestartSafeProducer<String, String> producer() {
    RestartSafeProducer<String, String> producer =
        new RestartSafeProducer<>(
            Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "producer_0_for_" + GROUP),
            config -> {
              MockProducer<String, String> mock =
                  new MockProducer<>(true, new StringSerializer(), new StringSerializer());
              opened.add(mock);
              return mock;
            });
    producer.initTransactions();
    return producer;
  }

  private static void bundle(RestartSafeProducer<String, String> producer, String... values) {
    producer.beginTransaction();
    for (String value : values) {
      producer.send(new ProducerRecord<>("scores", value));
    }
    producer.sendOffsetsToTransaction(SEQUENCE, GROUP);
    producer.commitTransaction();
  }

  private static List<String> committed(MockProducer<String, String> mock) {
    return mock.history().stream().map(ProducerRecord::value).toList();
  }

  @Test
  public void cleanTransactionsKeepOneProducer() {
    RestartSafeProducer<String, String> producer = producer();
    bundle(producer, "a");
    bundle(producer, "b", "c");

    assertEquals(1, opened.size());
    assertThat(committed(opened.get(0)), contains("a", "b", "c"));
    assertEquals(2, opened.get(0).commitCount());
  }

  @Test
  public void transactionInterruptedBeforeCommitIsAbandonedOnANewProducer() {
    RestartSafeProducer<String, String> producer = producer();
    bundle(producer, "a");
    // The task is cancelled while the offsets wait for the broker: Beam neither aborts nor drops
    // the writer, and the restarted task gets this producer back.
    producer.beginTransaction();
    producer.send(new ProducerRecord<>("scores", "b"));
    opened.get(0).sendOffsetsToTransactionException = new InterruptException("task cancelled");
    assertThrows(InterruptException.class, () -> producer.sendOffsetsToTransaction(SEQUENCE, GROUP));

    bundle(producer, "b", "c"); // the restored job sends "b" again

    assertEquals(2, opened.size());
    assertTrue("the old producer is closed", opened.get(0).closed());
    assertThat("the abandoned 'b' never commits", committed(opened.get(0)), contains("a"));
    assertTrue(opened.get(1).transactionInitialized());
    assertThat(committed(opened.get(1)), contains("b", "c"));
  }

  @Test
  public void transactionLeftOpenWithoutAnyProducerErrorIsAbandonedToo() {
    RestartSafeProducer<String, String> producer = producer();
    // The failure came from outside the producer (state access, the task's own cancellation)
    producer.beginTransaction();
    producer.send(new ProducerRecord<>("scores", "a"));

    bundle(producer, "a");

    assertEquals(2, opened.size());
    assertThat(committed(opened.get(0)), empty());
    assertThat(committed(opened.get(1)), contains("a"));
  }

  @Test
  public void commitInDoubtDropsTheWriterAtItsNextRecord() {
    RestartSafeProducer<String, String> producer = producer();
    producer.beginTransaction();
    producer.send(new ProducerRecord<>("scores", "a"));
    producer.sendOffsetsToTransaction(SEQUENCE, GROUP);
    opened.get(0).commitTransactionException = new InterruptException("task cancelled");
    assertThrows(InterruptException.class, producer::commitTransaction);
    opened.get(0).commitTransactionException = null;

    // A bundle whose records were all written before: empty transaction, commit skipped.
    bundle(producer);
    assertEquals("no commit reached the client", 0, opened.get(0).commitCount());

    producer.beginTransaction();
    KafkaException dropped =
        assertThrows(
            KafkaException.class, () -> producer.send(new ProducerRecord<>("scores", "b")));
    assertEquals(RestartSafeProducer.BEAM_UNRECOVERABLE, dropped.getClass().getName());
    producer.abortTransaction(); // what Beam does before it rethrows
    producer.close(); // ... and then, instead of caching the writer
    assertTrue(opened.get(0).closed());
    assertEquals("no new producer: Beam's next writer opens its own", 1, opened.size());
    assertFalse(opened.get(0).transactionCommitted());
  }

  @Test
  public void beamStillHasTheExceptionThatDropsAWriter() {
    // Fails after a Beam upgrade that renames or removes it: RestartSafeProducer must then be
    // revisited (its commit-in-doubt branch relies on this exception).
    RuntimeException e = RestartSafeProducer.writerMustBeDropped("producer_0_for_" + GROUP);
    assertEquals(RestartSafeProducer.BEAM_UNRECOVERABLE, e.getClass().getName());
    assertThat(e.getCause(), instanceOf(org.apache.kafka.common.errors.InvalidTxnStateException.class));
  }
}
