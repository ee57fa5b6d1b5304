package dev.streamml.pipelines.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.streamml.anomaly.AnomalyDetection;
import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.events.EventFormat;
import dev.streamml.events.ParseEvents;
import dev.streamml.events.RawRecord;
import dev.streamml.events.RawRecordCoder;
import dev.streamml.online.beam.PrequentialLearning;
import dev.streamml.pipelines.anomaly.DetectorCatalog;
import dev.streamml.pipelines.prequential.ModelCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * The metrics a run prints, read back from a real Direct-runner pipeline: events in, dead letters,
 * alerts and anomaly scores, predictions and model versions.
 */
public class RunMetricsTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void countersAndDistributionsOfParsingDetectionAndLearning() {
    List<RawRecord> raw = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      double value = i == 30 ? 500.0 : 10 + (i % 3);
      raw.add(
          RawRecord.ofText(
              "{\"key\":\"k\",\"timestamp\":" + (1_000_000 + 60L * i) + ",\"value\":" + value + "}",
              "test",
              new Instant(0)));
    }
    raw.add(RawRecord.ofText("not json", "test", new Instant(0)));
    ParseEvents.Result parsed =
        pipeline
            .apply("Raw", Create.of(raw).withCoder(RawRecordCoder.of()))
            .apply("Parse", ParseEvents.with(EventFormat.json()));
    parsed.events().apply("Detect", AnomalyDetection.of(DetectorCatalog.named("zscore")));

    int labelled = 25;
    List<TimestampedValue<Event>> events = new ArrayList<>();
    for (int i = 0; i < labelled; i++) {
      Instant at = new Instant(1000L * i);
      events.add(
          TimestampedValue.of(
              Event.builder("k", at).feature("x", i % 2).label((double) (i % 2)).build(), at));
    }
    pipeline
        .apply("Labelled", Create.timestamped(events).withCoder(EventCoder.of()))
        .apply("Learn", PrequentialLearning.of(ModelCatalog.named("gaussian-nb", 2)));

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    RunMetrics metrics = RunMetrics.of(result);

    assertEquals(40, metrics.counter(ParseEvents.METRICS_NAMESPACE, "parsed"));
    assertEquals(1, metrics.counter(ParseEvents.METRICS_NAMESPACE, "dead_letters"));
    assertEquals(40, metrics.counter(AnomalyDetection.METRIC_NAMESPACE, AnomalyDetection.SCORED));
    DistributionResult scores =
        metrics.distribution(AnomalyDetection.METRIC_NAMESPACE, AnomalyDetection.SCORE_PER_MILLE);
    assertTrue("scores are counted once per finite score", scores.getCount() <= 40);
    assertTrue(scores.getMin() >= 0 && scores.getMax() <= 1000);
    assertEquals(
        labelled,
        metrics.counter(PrequentialLearning.METRIC_NAMESPACE, PrequentialLearning.PREDICTED));
    DistributionResult versions =
        metrics.distribution(
            PrequentialLearning.METRIC_NAMESPACE, PrequentialLearning.MODEL_VERSION);
    // The i-th prediction (from 0) is made by the model that has learned the i rows before it.
    assertEquals(labelled, versions.getCount());
    assertEquals(0, versions.getMin());
    assertEquals(labelled - 1, versions.getMax());
    assertEquals((labelled - 1) * labelled / 2, versions.getSum());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    metrics.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed, containsString("streamml.events/dead_letters"));
    assertThat(printed, containsString("streamml.prequential/model_version"));
  }
}
