package dev.streamml.pipelines.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.streamml.events.RawRecord;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** {@link KafkaEventSource} settings and bounded reads that need no broker. */
@RunWith(JUnit4.class)
public class KafkaEventSourceTest {

  /** Nothing listens here: a read that tried to connect would fail. */
  private static final String NO_BROKER = "127.0.0.1:1";

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void boundedReadOfEmptyTopicEndsWithNoRecords() {
    PCollection<RawRecord> raw =
        pipeline.apply(
            "ReadEvents",
            KafkaEventSource.of(NO_BROKER, "events").withRecordsPerPartition(Map.of(0, 0L, 1, 0L)));

    PAssert.that(raw).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void boundedRecordCountSumsPartitions() {
    KafkaEventSource source = KafkaEventSource.of(NO_BROKER, "events");

    assertEquals(-1, source.boundedRecordCount());
    assertEquals(
        7, source.withRecordsPerPartition(Map.of(0, 3L, 1, 0L, 2, 4L)).boundedRecordCount());
  }

  @Test
  public void rejectsNegativeRecordCountNamingThePartition() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KafkaEventSource.of(NO_BROKER, "events").withRecordsPerPartition(Map.of(1, -1L)));
    assertThat(e.getMessage(), containsString("partition 1"));
  }

  @Test
  public void rejectsMissingServersOrTopic() {
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> KafkaEventSource.of(" ", "events"))
            .getMessage(),
        containsString("bootstrap servers"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> KafkaEventSource.of(NO_BROKER, ""))
            .getMessage(),
        containsString("topic"));
  }
}
