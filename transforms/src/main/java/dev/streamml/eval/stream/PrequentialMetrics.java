package dev.streamml.eval.stream;

import dev.streamml.online.beam.Prediction;
import dev.streamml.online.beam.PredictionCoder;
import dev.streamml.windowing.EventTimeWindows;
import dev.streamml.windowing.LateElement;
import dev.streamml.windowing.TriggerSpec;
import dev.streamml.windowing.WindowSpec;
import dev.streamml.windowing.WindowedResult;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.values.WindowingStrategy.AccumulationMode;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.ImmutableMap;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Prequential metrics of a stream of {@link Prediction}s (each made before its label was learned):
 * one {@link MetricsReport} per event-time window pane, and a whole-stream report after each pane
 * that covers every prediction counted so far.
 *
 * <p>Classification metrics are accuracy, Cohen's kappa and, for two classes, log loss and ROC AUC
 * ({@link dev.streamml.eval.metrics.ClassificationMetrics}); regression metrics are MAE and RMSE.
 * Predictions of events without a label are counted as unlabelled, not scored.
 *
 * <p><b>Windows.</b> {@link #DEFAULT_WINDOWS} unless {@link #windowedBy} says otherwise, fired as
 * the {@link TriggerSpec} says (at the watermark by default). Panes are discarding, so each
 * window report covers the predictions of its own pane (a late pane reports its late predictions
 * only) and the whole-stream report, the merge of every pane so far, counts each prediction once.
 * Predictions later than the allowed lateness are not dropped: they are in {@link
 * Result#tooLate()} (as {@link EventTimeWindows} routes them) and missing from the reports.
 *
 * <p><b>Scope.</b> Over all keys ({@link MetricsReport#ALL_KEYS}) unless {@link #perKey()}.
 *
 * <pre>{@code
 * PCollection<Prediction> predictions = events.apply(PrequentialLearning.of(model));
 * PrequentialMetrics.Result metrics =
 *     predictions.apply(
 *         "Metrics",
 *         PrequentialMetrics.classification(2).windowedBy(WindowSpec.parse("fixed:1h")));
 * metrics.windows();      // accuracy, kappa, log loss, ROC AUC per hour
 * metrics.wholeStream();  // the same over everything so far, after each hour
 * }</pre>
 */
public final class PrequentialMetrics
    extends PTransform<PCollection<Prediction>, PrequentialMetrics.Result> {

  /** Windows unless set otherwise: fixed, one hour. */
  public static final WindowSpec DEFAULT_WINDOWS = WindowSpec.fixed(Duration.standardHours(1));

  /** Classes of the metrics; 0 for regression. */
  private final int classes;

  private final WindowSpec windows;
  private final TriggerSpec trigger;
  private final boolean perKey;

  private PrequentialMetrics(int classes, WindowSpec windows, TriggerSpec trigger, boolean perKey) {
    this.classes = classes;
    this.windows = windows;
    this.trigger = trigger;
    this.perKey = perKey;
  }

  /** Metrics of a classifier of {@code classes} classes (at least 2). */
  public static PrequentialMetrics classification(int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("a classifier has at least 2 classes, got " + classes);
    }
    return new PrequentialMetrics(classes, DEFAULT_WINDOWS, TriggerSpec.DEFAULT, false);
  }

  /** Metrics of a regressor: MAE and RMSE. */
  public static PrequentialMetrics regression() {
    return new PrequentialMetrics(0, DEFAULT_WINDOWS, TriggerSpec.DEFAULT, false);
  }

  /** A copy reporting per window of {@code windows}. */
  public PrequentialMetrics windowedBy(WindowSpec windows) {
    if (windows == null) {
      throw new IllegalArgumentException("a window spec is required, found null");
    }
    return new PrequentialMetrics(classes, windows, trigger, perKey);
  }

  /**
   * A copy whose panes fire as {@code trigger} says.
   *
   * @throws IllegalArgumentException if the trigger accumulates panes: the whole-stream report
   *     would count a prediction once per pane
   */
  public PrequentialMetrics withTrigger(TriggerSpec trigger) {
    if (trigger == null) {
      throw new IllegalArgumentException("a trigger spec is required, found null");
    }
    if (trigger.accumulationMode() != AccumulationMode.DISCARDING_FIRED_PANES) {
      throw new IllegalArgumentException(
          "metrics panes should be discarding, so that each prediction counts once; found "
              + trigger);
    }
    return new PrequentialMetrics(classes, windows, trigger, perKey);
  }

  /** A copy reporting each key on its own rather than all keys together. */
  public PrequentialMetrics perKey() {
    return new PrequentialMetrics(classes, windows, trigger, true);
  }

  @Override
  public Result expand(PCollection<Prediction> predictions) {
    boolean perKey = this.perKey;
    PCollection<KV<String, Prediction>> scoped =
        inGlobalWindow(predictions)
            .apply(
                "ByScope",
                MapElements.into(
                        TypeDescriptors.kvs(
                            TypeDescriptors.strings(), TypeDescriptor.of(Prediction.class)))
                    .via(p -> KV.of(perKey ? p.key() : MetricsReport.ALL_KEYS, p)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), PredictionCoder.of()));
    WindowedResult<String, Prediction> windowed =
        scoped.apply("Windows", EventTimeWindows.of(windows, trigger));
    PCollection<KV<String, PredictionTally>> tallies =
        windowed
            .onTime()
            .apply("TallyPanes", Combine.perKey(new TallyFn(classes)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), TallyFn.TALLY_CODER));
    PCollection<MetricsReport> windowReports =
        tallies
            .apply("WindowReports", ParDo.of(new WindowReportFn()))
            .setCoder(MetricsReportCoder.of());
    PCollection<MetricsReport> streamReports =
        tallies
            .apply(
                "IntoGlobalWindow",
                Window.<KV<String, PredictionTally>>into(new GlobalWindows())
                    .triggering(DefaultTrigger.of())
                    .withAllowedLateness(Duration.ZERO)
                    .discardingFiredPanes())
            .apply("WholeStreamReports", ParDo.of(new WholeStreamFn(classes)))
            .setCoder(MetricsReportCoder.of());
    return new Result(windowReports, streamReports, windowed.tooLate());
  }

  private static PCollection<Prediction> inGlobalWindow(PCollection<Prediction> input) {
    WindowFn<?, ?> windowFn = input.getWindowingStrategy().getWindowFn();
    if (windowFn instanceof GlobalWindows) {
      return input;
    }
    return input.apply(
        "PredictionsIntoGlobalWindow",
        Window.<Prediction>into(new GlobalWindows())
            .triggering(DefaultTrigger.of())
            .withAllowedLateness(Duration.ZERO)
            .discardingFiredPanes());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(
            DisplayData.item("metrics", classes == 0 ? "regression" : classes + " classes")
                .withLabel("Metrics"))
        .add(DisplayData.item("windows", windows.toString()).withLabel("Windows"))
        .add(DisplayData.item("trigger", trigger.toString()).withLabel("Trigger"))
        .add(DisplayData.item("perKey", perKey).withLabel("Per key"));
  }

  /** Merges predictions into a {@link PredictionTally}; outputs the tally itself. */
  static final class TallyFn extends Combine.CombineFn<Prediction, PredictionTally, PredictionTally> {
    static final SerializableCoder<PredictionTally> TALLY_CODER =
        SerializableCoder.of(PredictionTally.class);

    private final int classes;

    TallyFn(int classes) {
      this.classes = classes;
    }

    @Override
    public PredictionTally createAccumulator() {
      return classes == 0 ? PredictionTally.regression() : PredictionTally.classification(classes);
    }

    @Override
    public PredictionTally addInput(PredictionTally tally, Prediction prediction) {
      return tally.add(prediction);
    }

    @Override
    public PredictionTally mergeAccumulators(Iterable<PredictionTally> tallies) {
      PredictionTally merged = createAccumulator();
      for (PredictionTally tally : tallies) {
        merged.merge(tally);
      }
      return merged;
    }

    @Override
    public PredictionTally extractOutput(PredictionTally tally) {
      return tally.copy();
    }

    @Override
    public Coder<PredictionTally> getAccumulatorCoder(
        CoderRegistry registry, Coder<Prediction> inputCoder) {
      return TALLY_CODER;
    }
  }

  /** A window pane's tally as its report. */
  private static final class WindowReportFn
      extends DoFn<KV<String, PredictionTally>, MetricsReport> {
    @ProcessElement
    public void processElement(
        @Element KV<String, PredictionTally> tally,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<MetricsReport> output) {
      Instant start =
          window instanceof IntervalWindow ? ((IntervalWindow) window).start() : null;
      Instant end =
          window instanceof IntervalWindow
              ? ((IntervalWindow) window).end()
              : window.maxTimestamp();
      output.output(
          MetricsReport.of(tally.getKey(), start, end, pane.getTiming().name(), tally.getValue()));
    }
  }

  /**
   * Merges every pane's tally of a scope into its running total and reports the total. State ids
   * are part of the pipeline's state: never rename them.
   */
  private static final class WholeStreamFn
      extends DoFn<KV<String, PredictionTally>, MetricsReport> {
    private static final String TOTAL = "total";
    private static final String LAST_END = "lastEnd";

    @StateId(TOTAL)
    private final StateSpec<ValueState<PredictionTally>> totalSpec =
        StateSpecs.value(TallyFn.TALLY_CODER);

    @StateId(LAST_END)
    private final StateSpec<ValueState<Instant>> lastEndSpec =
        StateSpecs.value(InstantCoder.of());

    private final int classes;

    WholeStreamFn(int classes) {
      this.classes = classes;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, PredictionTally> pane,
        @Timestamp Instant timestamp,
        @StateId(TOTAL) ValueState<PredictionTally> totalState,
        @StateId(LAST_END) ValueState<Instant> lastEndState,
        OutputReceiver<MetricsReport> output) {
      PredictionTally total = totalState.read();
      if (total == null) {
        total = new TallyFn(classes).createAccumulator();
      }
      total.merge(pane.getValue());
      totalState.write(total);
      // The window a pane belongs to ends just after its timestamp (end of window); keep the
      // latest, since late panes of older windows come after newer windows.
      Instant end = timestamp.plus(Duration.millis(1));
      Instant lastEnd = lastEndState.read();
      if (lastEnd == null || end.isAfter(lastEnd)) {
        lastEndState.write(end);
        lastEnd = end;
      }
      output.output(MetricsReport.of(pane.getKey(), null, lastEnd, MetricsReport.STREAM, total));
    }
  }

  /** Window reports, whole-stream reports and the predictions too late for their windows. */
  public static final class Result implements POutput {
    private static final TupleTag<MetricsReport> WINDOWS = new TupleTag<>("windows");
    private static final TupleTag<MetricsReport> WHOLE_STREAM = new TupleTag<>("wholeStream");
    private static final TupleTag<LateElement<String, Prediction>> TOO_LATE =
        new TupleTag<>("tooLate");

    private final PCollection<MetricsReport> windows;
    private final PCollection<MetricsReport> wholeStream;
    private final PCollection<LateElement<String, Prediction>> tooLate;

    Result(
        PCollection<MetricsReport> windows,
        PCollection<MetricsReport> wholeStream,
        PCollection<LateElement<String, Prediction>> tooLate) {
      this.windows = windows;
      this.wholeStream = wholeStream;
      this.tooLate = tooLate;
    }

    /** One report per scope and window pane, in the windows. */
    public PCollection<MetricsReport> windows() {
      return windows;
    }

    /**
     * After each pane, its scope's metrics over every prediction counted so far; global window,
     * default trigger.
     */
    public PCollection<MetricsReport> wholeStream() {
      return wholeStream;
    }

    /** Predictions later than the allowed lateness, keyed by scope, in the global window. */
    public PCollection<LateElement<String, Prediction>> tooLate() {
      return tooLate;
    }

    @Override
    public Pipeline getPipeline() {
      return windows.getPipeline();
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return ImmutableMap.of(WINDOWS, windows, WHOLE_STREAM, wholeStream, TOO_LATE, tooLate);
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {}
  }
}
