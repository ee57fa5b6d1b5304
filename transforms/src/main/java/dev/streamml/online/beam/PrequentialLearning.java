package dev.streamml.online.beam;

import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.online.OnlineModel;
import dev.streamml.online.OnlineModelCoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TimestampedValue.TimestampedValueCoder;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Prequential (test-then-train) learning of a classifier on a stream: one {@link OnlineModel} per
 * event key, which for each event of its key, <b>in event-time order whatever the arrival
 * order</b>, first predicts the event and outputs a {@link Prediction}, then learns the event's
 * label. A prediction therefore never depends on its own label or on any later event, and results
 * are the same on every runner and every run.
 *
 * <pre>{@code
 * PCollection<Event> events = ...; // labelled events, timestamped with event time
 * PCollection<Prediction> predictions =
 *     events.apply(
 *         "LearnPrequentially",
 *         PrequentialLearning.of(OnlineLeveragingBagging.create()).withCausalFeatures());
 * }</pre>
 *
 * <p><b>Order.</b> Arriving events wait in their key's state until the input watermark passes
 * them; they are then predicted and learned in timestamp order, events with equal timestamps in the
 * order of their {@link EventCoder} bytes (never arrival order). Each prediction is output at its
 * event's timestamp and the watermark is held at the earliest waiting event, so predictions of
 * on-time events are on time downstream.
 *
 * <p><b>Features.</b> The model sees {@link Event#values()}; with {@link #withCausalFeatures()} it
 * sees {@link CausalFeatures} instead: the values, the key's last revealed label and the changes
 * since the key's previous event. Every event of a key must have the same features.
 *
 * <p><b>Labels.</b> Labels are classes {@code 0 .. k-1}. An event without a label is predicted and
 * not learned.
 *
 * <p><b>Late events.</b> An event at or before the last event its key has processed cannot be put in
 * order any more: it is predicted at once by the current model, output with {@link
 * Prediction#isLate()} set, and not learned, so it changes no other prediction. Counted in {@value
 * #METRIC_NAMESPACE}/{@value #LATE_EVENTS}.
 *
 * <p><b>Windows are not preserved.</b> A model spans all of a key's events: input is put into the
 * global window (default trigger) and predictions are in the global window.
 *
 * <p>Metrics, in {@value #METRIC_NAMESPACE}: {@value #PREDICTED}, {@value #LEARNED} and {@value
 * #LATE_EVENTS}.
 */
public final class PrequentialLearning
    extends PTransform<PCollection<Event>, PCollection<Prediction>> {
  /** Namespace of this transform's metrics. */
  public static final String METRIC_NAMESPACE = "streamml.prequential";

  /** Counter of the predictions output, late ones included. */
  public static final String PREDICTED = "predicted";

  /** Counter of the labels learned. */
  public static final String LEARNED = "learned";

  /** Counter of the events predicted out of order and not learned. */
  public static final String LATE_EVENTS = "late_events";

  private final OnlineModel prototype;
  private final boolean causalFeatures;

  private PrequentialLearning(OnlineModel prototype, boolean causalFeatures) {
    this.prototype = prototype;
    this.causalFeatures = causalFeatures;
  }

  /**
   * Each key learns its own copy of {@code prototype} (usually untrained), from the events' own
   * features.
   */
  public static PrequentialLearning of(OnlineModel prototype) {
    if (prototype == null) {
      throw new IllegalArgumentException("a prototype OnlineModel is required, found null");
    }
    return new PrequentialLearning(prototype.copy(), false);
  }

  /** A copy whose models see {@link CausalFeatures} rather than the events' own features. */
  public PrequentialLearning withCausalFeatures() {
    return new PrequentialLearning(prototype, true);
  }

  /** A copy whose models see the events' own features only. */
  public PrequentialLearning withoutCausalFeatures() {
    return new PrequentialLearning(prototype, false);
  }

  /** The model each key starts from (a copy). */
  public OnlineModel prototype() {
    return prototype.copy();
  }

  public boolean usesCausalFeatures() {
    return causalFeatures;
  }

  @Override
  public PCollection<Prediction> expand(PCollection<Event> input) {
    return inGlobalWindow(input)
        .apply(
            "KeyByEventKey",
            WithKeys.of((SerializableFunction<Event, String>) Event::getKey)
                .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), EventCoder.of()))
        .apply(
            "PredictThenLearnInEventTimeOrder",
            ParDo.of(new PredictThenLearnFn(prototype, causalFeatures)))
        .setCoder(PredictionCoder.of());
  }

  private static PCollection<Event> inGlobalWindow(PCollection<Event> input) {
    if (input.getWindowingStrategy().getWindowFn() instanceof GlobalWindows) {
      return input;
    }
    return input.apply(
        "IntoGlobalWindow",
        Window.<Event>into(new GlobalWindows())
            .triggering(DefaultTrigger.of())
            .withAllowedLateness(Duration.ZERO)
            .discardingFiredPanes());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("model", prototype.id()).withLabel("Model"))
        .add(DisplayData.item("causalFeatures", causalFeatures).withLabel("Causal features"));
  }

  @Override
  public String toString() {
    return "PrequentialLearning{model=" + prototype.id() + ", causalFeatures=" + causalFeatures + "}";
  }

  /** Index of the largest value, the first on ties. */
  static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Timestamp, then encoded event: never arrival order. */
  static final Comparator<TimestampedValue<Event>> ORDER =
      Comparator.<TimestampedValue<Event>, Instant>comparing(TimestampedValue::getTimestamp)
          .thenComparing(
              (a, b) -> Arrays.compareUnsigned(encode(a.getValue()), encode(b.getValue())));

  private static byte[] encode(Event event) {
    try {
      return CoderUtils.encodeToByteArray(EventCoder.of(), event);
    } catch (CoderException e) {
      throw new IllegalStateException("cannot encode " + event + " to order it", e);
    }
  }

  /**
   * A key's model and what it remembers of the key's past: the previous event and the last
   * revealed label. Predicts, then learns, one event at a time.
   */
  static final class KeyLearner {
    private final OnlineModel model;
    private final boolean causalFeatures;
    private @Nullable Event previous;
    private @Nullable Double lastLabel;

    KeyLearner(
        OnlineModel model,
        boolean causalFeatures,
        @Nullable Event previous,
        @Nullable Double lastLabel) {
      this.model = model;
      this.causalFeatures = causalFeatures;
      this.previous = previous;
      this.lastLabel = lastLabel;
    }

    /** Predicts {@code event}; unless it is late, then learns its label. */
    Prediction predictThenLearn(Event event, Instant timestamp, boolean late) {
      double[] row =
          causalFeatures ? CausalFeatures.of(event, previous, lastLabel) : event.values();
      double[] probabilities = model.predictProba(row);
      Prediction prediction =
          new Prediction(
              event.getKey(),
              timestamp,
              event.getId(),
              argMax(probabilities),
              probabilities,
              event.getLabel(),
              model.version(),
              late);
      if (!late) {
        Double label = event.getLabel();
        if (label != null) {
          model.learn(row, label);
          lastLabel = label;
        }
        previous = event;
      }
      return prediction;
    }

    OnlineModel model() {
      return model;
    }

    @Nullable
    Event previous() {
      return previous;
    }

    @Nullable
    Double lastLabel() {
      return lastLabel;
    }
  }

  /**
   * Buffers each key's events until the watermark passes them, then predicts and learns them in
   * {@link #ORDER}. State and timer ids are part of the pipeline's state: never rename them.
   */
  private static final class PredictThenLearnFn extends DoFn<KV<String, Event>, Prediction> {
    private static final String BUFFER = "buffer";
    private static final String MODEL = "model";
    private static final String PREVIOUS = "previous";
    private static final String LAST_LABEL = "lastLabel";
    /** Timestamp of the last event processed in order: events at or before it are late. */
    private static final String LAST_PROCESSED = "lastProcessed";
    private static final String NEXT_RELEASE = "nextRelease";
    private static final String RELEASE_TIMER = "release";

    @StateId(BUFFER)
    private final StateSpec<BagState<TimestampedValue<Event>>> bufferSpec =
        StateSpecs.bag(TimestampedValueCoder.of(EventCoder.of()));

    @StateId(MODEL)
    private final StateSpec<ValueState<OnlineModel>> modelSpec =
        StateSpecs.value(OnlineModelCoder.of());

    @StateId(PREVIOUS)
    private final StateSpec<ValueState<Event>> previousSpec = StateSpecs.value(EventCoder.of());

    @StateId(LAST_LABEL)
    private final StateSpec<ValueState<Double>> lastLabelSpec = StateSpecs.value(DoubleCoder.of());

    @StateId(LAST_PROCESSED)
    private final StateSpec<ValueState<Instant>> lastProcessedSpec =
        StateSpecs.value(InstantCoder.of());

    @StateId(NEXT_RELEASE)
    private final StateSpec<ValueState<Instant>> nextReleaseSpec =
        StateSpecs.value(InstantCoder.of());

    @TimerId(RELEASE_TIMER)
    private final TimerSpec releaseTimerSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    private final Counter predicted = Metrics.counter(METRIC_NAMESPACE, PREDICTED);
    private final Counter learned = Metrics.counter(METRIC_NAMESPACE, LEARNED);
    private final Counter lateEvents = Metrics.counter(METRIC_NAMESPACE, LATE_EVENTS);

    private final OnlineModel prototype;
    private final boolean causalFeatures;

    PredictThenLearnFn(OnlineModel prototype, boolean causalFeatures) {
      this.prototype = prototype;
      this.causalFeatures = causalFeatures;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, Event> element,
        @Timestamp Instant timestamp,
        @StateId(BUFFER) BagState<TimestampedValue<Event>> buffer,
        @StateId(MODEL) ValueState<OnlineModel> modelState,
        @StateId(PREVIOUS) ValueState<Event> previousState,
        @StateId(LAST_LABEL) ValueState<Double> lastLabelState,
        @StateId(LAST_PROCESSED) ValueState<Instant> lastProcessedState,
        @StateId(NEXT_RELEASE) ValueState<Instant> nextReleaseState,
        @TimerId(RELEASE_TIMER) Timer releaseTimer,
        OutputReceiver<Prediction> out) {
      Instant lastProcessed = lastProcessedState.read();
      if (lastProcessed != null && !timestamp.isAfter(lastProcessed)) {
        KeyLearner learner =
            new KeyLearner(
                modelState.read(), causalFeatures, previousState.read(), lastLabelState.read());
        Prediction prediction = learner.predictThenLearn(element.getValue(), timestamp, true);
        lateEvents.inc();
        predicted.inc();
        out.outputWithTimestamp(prediction, timestamp);
        return;
      }
      buffer.add(TimestampedValue.of(element.getValue(), timestamp));
      Instant nextRelease = nextReleaseState.read();
      if (nextRelease == null || timestamp.isBefore(nextRelease)) {
        // Holds the output watermark at the earliest waiting event, so its prediction is on time.
        nextReleaseState.write(timestamp);
        releaseTimer.withOutputTimestamp(timestamp).set(timestamp);
      }
    }

    @OnTimer(RELEASE_TIMER)
    public void onRelease(
        OnTimerContext context,
        @StateId(BUFFER) BagState<TimestampedValue<Event>> buffer,
        @StateId(MODEL) ValueState<OnlineModel> modelState,
        @StateId(PREVIOUS) ValueState<Event> previousState,
        @StateId(LAST_LABEL) ValueState<Double> lastLabelState,
        @StateId(LAST_PROCESSED) ValueState<Instant> lastProcessedState,
        @StateId(NEXT_RELEASE) ValueState<Instant> nextReleaseState,
        @TimerId(RELEASE_TIMER) Timer releaseTimer,
        OutputReceiver<Prediction> out) {
      // Releases everything the watermark passed in one firing, not one firing per timestamp.
      Instant watermark = releaseTimer.getCurrentRelativeTime();
      Instant fired = context.fireTimestamp();
      Instant minusOne = watermark.minus(Duration.millis(1));
      Instant releaseUpTo = fired.isAfter(minusOne) ? fired : minusOne;

      List<TimestampedValue<Event>> due = new ArrayList<>();
      List<TimestampedValue<Event>> waiting = new ArrayList<>();
      Instant nextRelease = null;
      for (TimestampedValue<Event> event : buffer.read()) {
        if (event.getTimestamp().isAfter(releaseUpTo)) {
          waiting.add(event);
          if (nextRelease == null || event.getTimestamp().isBefore(nextRelease)) {
            nextRelease = event.getTimestamp();
          }
        } else {
          due.add(event);
        }
      }
      due.sort(ORDER);

      OnlineModel model = modelState.read();
      KeyLearner learner =
          new KeyLearner(
              model == null ? prototype.copy() : model,
              causalFeatures,
              previousState.read(),
              lastLabelState.read());
      long versionBefore = learner.model().version();
      List<Prediction> predictions = new ArrayList<>(due.size());
      for (TimestampedValue<Event> event : due) {
        predictions.add(learner.predictThenLearn(event.getValue(), event.getTimestamp(), false));
      }
      if (!due.isEmpty()) {
        modelState.write(learner.model());
        previousState.write(learner.previous());
        if (learner.lastLabel() != null) {
          lastLabelState.write(learner.lastLabel());
        }
        lastProcessedState.write(due.get(due.size() - 1).getTimestamp());
      }

      buffer.clear();
      if (nextRelease == null) {
        nextReleaseState.clear();
      } else {
        for (TimestampedValue<Event> event : waiting) {
          buffer.add(event);
        }
        nextReleaseState.write(nextRelease);
        releaseTimer.withOutputTimestamp(nextRelease).set(nextRelease);
      }

      learned.inc(learner.model().version() - versionBefore);
      predicted.inc(predictions.size());
      for (Prediction prediction : predictions) {
        out.outputWithTimestamp(prediction, prediction.timestamp());
      }
    }
  }
}
