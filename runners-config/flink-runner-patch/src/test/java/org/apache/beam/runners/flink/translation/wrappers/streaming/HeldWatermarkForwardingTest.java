package org.apache.beam.runners.flink.translation.wrappers.streaming;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import org.apache.beam.runners.core.construction.SerializablePipelineOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.translation.types.CoderTypeSerializer;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.DoFnSchemaInformation;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.apache.beam.sdk.values.WindowedValues;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.joda.time.Instant;
import org.junit.After;
import org.junit.Test;

/**
 * The contract of streamml's patch of {@code DoFnOperator}: a watermark that arrives while a
 * bundle is open is held (Beam's rule: bundle output must not fall behind it) and forwarded as soon
 * as the bundle finishes; never while a checkpoint buffers the operator's output.
 *
 * <p>The first test fails on Beam 2.70.0's own class: finishing the bundle forwards nothing there.
 */
public class HeldWatermarkForwardingTest {

  private static final Coder<WindowedValue<String>> CODER =
      WindowedValues.getFullCoder(StringUtf8Coder.of(), GlobalWindow.Coder.INSTANCE);

  private OneInputStreamOperatorTestHarness<WindowedValue<String>, WindowedValue<String>> harness;

  @After
  public void closeHarness() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  public void watermarkHeldDuringBundleIsForwardedWhenTheBundleFinishes() throws Exception {
    DoFnOperator<String, String, String> operator = operator(new PassThrough());
    harness = open(operator);

    harness.processElement(element("a", 1));
    harness.processWatermark(new Watermark(10));
    assertThat("held while the bundle is open", watermarks(), empty());

    operator.invokeFinishBundle();

    assertThat(watermarks(), contains(10L));
    assertEquals(10L, operator.getCurrentOutputWatermark());
  }

  @Test
  public void watermarkArrivingBetweenBundlesPassesAtOnce() throws Exception {
    DoFnOperator<String, String, String> operator = operator(new PassThrough());
    harness = open(operator);

    harness.processWatermark(new Watermark(7));

    assertThat(watermarks(), contains(7L));
  }

  @Test
  public void finishingABundleWithNoHeldWatermarkEmitsNothing() throws Exception {
    DoFnOperator<String, String, String> operator = operator(new PassThrough());
    harness = open(operator);
    harness.processWatermark(new Watermark(7));

    harness.processElement(element("a", 8));
    operator.invokeFinishBundle();

    assertThat("no second copy of 7", watermarks(), contains(7L));
  }

  @Test
  public void checkpointBufferedOutputStaysAheadOfTheHeldWatermark() throws Exception {
    DoFnOperator<String, String, String> operator = operator(new EmitOnFinishBundle());
    harness = open(operator);

    harness.processElement(element("a", 5));
    harness.processWatermark(new Watermark(10));
    // The snapshot finishes the bundle: "a" is written into the checkpoint's buffer, behind the
    // barrier, so watermark 10 must wait for it.
    harness.snapshot(1L, 100L);
    assertThat(watermarks(), empty());

    harness.processWatermark(new Watermark(11));

    assertEquals(List.of("element a", "watermark 11"), outputInOrder());
  }

  private static DoFnOperator<String, String, String> operator(DoFn<String, String> fn) {
    FlinkPipelineOptions options = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    options.setStreaming(true);
    // Bundles end only when the test says so (or a checkpoint finishes them).
    options.setMaxBundleSize(1_000L);
    options.setMaxBundleTimeMills(1_000_000L);
    TupleTag<String> main = new TupleTag<>("main");
    return new DoFnOperator<>(
        fn,
        "step",
        CODER,
        Collections.emptyMap(),
        main,
        Collections.emptyList(),
        new DoFnOperator.MultiOutputOutputManagerFactory<>(
            main, CODER, new SerializablePipelineOptions(options)),
        WindowingStrategy.globalDefault(),
        new HashMap<>(),
        Collections.emptyList(),
        options,
        null,
        null,
        DoFnSchemaInformation.create(),
        Collections.emptyMap());
  }

  private static OneInputStreamOperatorTestHarness<WindowedValue<String>, WindowedValue<String>>
      open(DoFnOperator<String, String, String> operator) throws Exception {
    OneInputStreamOperatorTestHarness<WindowedValue<String>, WindowedValue<String>> h =
        new OneInputStreamOperatorTestHarness<>(operator);
    // Beam's coder for the harness's copies of the output (its default, Kryo, needs --add-opens).
    h.setup(new CoderTypeSerializer<>(CODER, false));
    h.open();
    return h;
  }

  private static StreamRecord<WindowedValue<String>> element(String value, long millis) {
    return new StreamRecord<>(
        WindowedValues.timestampedValueInGlobalWindow(value, new Instant(millis)), millis);
  }

  private List<Long> watermarks() {
    List<Long> marks = new ArrayList<>();
    for (Object o : harness.getOutput()) {
      if (o instanceof Watermark) {
        marks.add(((Watermark) o).getTimestamp());
      }
    }
    return marks;
  }

  @SuppressWarnings("unchecked")
  private List<String> outputInOrder() {
    List<String> seen = new ArrayList<>();
    for (Object o : harness.getOutput()) {
      if (o instanceof Watermark) {
        seen.add("watermark " + ((Watermark) o).getTimestamp());
      } else {
        seen.add("element " + ((StreamRecord<WindowedValue<String>>) o).getValue().getValue());
      }
    }
    return seen;
  }

  /** Outputs each element as it comes. */
  private static class PassThrough extends DoFn<String, String> {
    @ProcessElement
    public void process(@Element String value, OutputReceiver<String> out) {
      out.output(value);
    }
  }

  /** Keeps a bundle's elements and outputs them when the bundle finishes, as a batching sink does. */
  private static class EmitOnFinishBundle extends DoFn<String, String> {
    private transient List<WindowedValue<String>> pending;

    @StartBundle
    public void start() {
      pending = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element String value, @Timestamp Instant timestamp) {
      pending.add(WindowedValues.timestampedValueInGlobalWindow(value, timestamp));
    }

    @FinishBundle
    public void finish(FinishBundleContext context) {
      for (WindowedValue<String> value : pending) {
        context.output(value.getValue(), value.getTimestamp(), GlobalWindow.INSTANCE);
      }
      pending.clear();
    }
  }
}
