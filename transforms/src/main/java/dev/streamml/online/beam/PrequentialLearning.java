package dev.streamml.online.beam;

import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.online.OnlineModel;
import dev.streamml.events.TwoOutputs;
import dev.streamml.online.ModelSnapshot;
import dev.streamml.online.OnlineModelCoder;
import dev.streamml.online.OnlineModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
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
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TimestampedValue.TimestampedValueCoder;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
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
 * <p><b>Labels.</b> A classifier's labels are classes {@code 0 .. k-1}; a regressor's ({@link
 * OnlineModel#isClassifier()} false) are any numbers, and its predictions carry the value only
 * ({@link Prediction#isRegression()}). An event without a label is predicted and not learned.
 *
 * <p><b>Late events.</b> An event at or before the last event its key has processed cannot be put in
 * order any more: it is predicted at once by the current model, output with {@link
 * Prediction#isLate()} set, and not learned, so it changes no other prediction. Counted in {@value
 * #METRIC_NAMESPACE}/{@value #LATE_EVENTS}.
 *
 * <p><b>Idle keys.</b> A key's model and causal-feature history (previous event, last label) are
 * deleted once the watermark passes the key's last event processed in order plus the idle timeout
 * ({@link #DEFAULT_IDLE_TIMEOUT} unless {@link #withIdleTimeout} says otherwise), counted in {@value
 * #METRIC_NAMESPACE}/{@value #STATE_CLEARED}. As in {@code AnomalyDetection} the rule is on event
 * time and decided by the data alone: an event that follows its key's previous in-order event by
 * the idle timeout or more starts a new model (the prototype, or the key's initial snapshot), with
 * no causal history, whenever the state was actually deleted, and whatever order the release and
 * idle timers fire in. Late events of a cleared key meet no history: they start the new model.
 *
 * <p><b>Snapshots.</b> {@link #withSnapshotsEvery} makes a transform that also outputs a {@link
 * KeyedModelSnapshot} each time a key's model version (rows learned) reaches a multiple of {@code
 * n}, right after learning that row, timestamped with that row's event time; see {@link
 * KeyedModelSnapshot} for the JSON-able format. The snapshot holds the model only, not the causal
 * history.
 *
 * <p><b>Warm start.</b> With {@link #withInitialModels} a key that has an initial snapshot starts
 * each model (its first one, and any after an idle reset) from {@link OnlineModels#fromSnapshot}
 * of it, versions going on from the snapshot's; other keys start from the prototype. Causal
 * features start without history (no previous event, no last label), as for a new key.
 *
 * <p><b>Windows are not preserved.</b> A model spans all of a key's events: input is put into the
 * global window (default trigger) and predictions are in the global window.
 *
 * <p>Metrics, in {@value #METRIC_NAMESPACE}: {@value #PREDICTED}, {@value #LEARNED}, {@value
 * #LATE_EVENTS}, {@value #STATE_CLEARED} and {@value #SNAPSHOTS} (counters), and {@value
 * #MODEL_VERSION} (distribution of the model version each prediction was made with: its maximum
 * is the newest version serving).
 */
public final class PrequentialLearning
    extends PTransform<PCollection<Event>, PCollection<Prediction>> {
  /** Namespace of this transform's metrics. */
  public static final String METRIC_NAMESPACE = "streamml.prequential";

  /** Counter of the predictions output, late ones included. */
  public static final String PREDICTED = "predicted";

  /** Distribution of the model versions predictions were made with. */
  public static final String MODEL_VERSION = "model_version";

  /** Counter of the labels learned. */
  public static final String LEARNED = "learned";

  /** Counter of the events predicted out of order and not learned. */
  public static final String LATE_EVENTS = "late_events";

  /** Counter of key states deleted or restarted after the idle timeout. */
  public static final String STATE_CLEARED = "state_cleared";

  /** Counter of the model snapshots output. */
  public static final String SNAPSHOTS = "snapshots";

  /** How long, in event time, a key may stay silent before its model and history are deleted. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.standardDays(1);

  static final TupleTag<Prediction> PREDICTIONS = new TupleTag<Prediction>() {};
  static final TupleTag<KeyedModelSnapshot> SNAPSHOT_OUTPUT = new TupleTag<KeyedModelSnapshot>() {};

  private final OnlineModel prototype;
  private final boolean causalFeatures;
  private final Duration idleTimeout;
  private final TreeMap<String, ModelSnapshot> initialModels;

  private PrequentialLearning(
      OnlineModel prototype,
      boolean causalFeatures,
      Duration idleTimeout,
      TreeMap<String, ModelSnapshot> initialModels) {
    this.prototype = prototype;
    this.causalFeatures = causalFeatures;
    this.idleTimeout = idleTimeout;
    this.initialModels = initialModels;
  }

  /**
   * Each key learns its own copy of {@code prototype} (usually untrained), from the events' own
   * features, and is forgotten after {@link #DEFAULT_IDLE_TIMEOUT}.
   */
  public static PrequentialLearning of(OnlineModel prototype) {
    if (prototype == null) {
      throw new IllegalArgumentException("a prototype OnlineModel is required, found null");
    }
    return new PrequentialLearning(
        prototype.copy(), false, DEFAULT_IDLE_TIMEOUT, new TreeMap<>());
  }

  /** A copy whose models see {@link CausalFeatures} rather than the events' own features. */
  public PrequentialLearning withCausalFeatures() {
    return new PrequentialLearning(prototype, true, idleTimeout, initialModels);
  }

  /** A copy whose models see the events' own features only. */
  public PrequentialLearning withoutCausalFeatures() {
    return new PrequentialLearning(prototype, false, idleTimeout, initialModels);
  }

  /**
   * A copy that deletes a key's model and causal history once the watermark is {@code idleTimeout}
   * past the key's last event processed in order; an event that follows the previous one of its
   * key by at least this much starts a new model.
   */
  public PrequentialLearning withIdleTimeout(Duration idleTimeout) {
    if (idleTimeout == null || !idleTimeout.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          "the idle timeout should be a positive duration, found " + idleTimeout);
    }
    return new PrequentialLearning(prototype, causalFeatures, idleTimeout, initialModels);
  }

  /**
   * A copy in which each key of {@code snapshots} starts its models from its snapshot ({@link
   * OnlineModels#fromSnapshot}) instead of the prototype (warm start). Replaces any earlier initial
   * models.
   *
   * @throws IllegalArgumentException if a snapshot cannot be restored
   */
  public PrequentialLearning withInitialModels(Map<String, ModelSnapshot> snapshots) {
    if (snapshots == null) {
      throw new IllegalArgumentException("initial models are required, found null");
    }
    TreeMap<String, ModelSnapshot> copy = new TreeMap<>();
    for (Map.Entry<String, ModelSnapshot> e : snapshots.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("initial models need non-null keys and snapshots");
      }
      OnlineModels.fromSnapshot(e.getValue()); // fails now rather than in the pipeline
      copy.put(e.getKey(), e.getValue());
    }
    return new PrequentialLearning(prototype, causalFeatures, idleTimeout, copy);
  }

  /**
   * The same learning, as a transform that also outputs a {@link KeyedModelSnapshot} of a key's
   * model each time its version (rows learned) reaches a multiple of {@code learns}.
   */
  public WithSnapshots withSnapshotsEvery(long learns) {
    if (learns <= 0) {
      throw new IllegalArgumentException(
          "snapshots should be every positive number of learns, found " + learns);
    }
    return new WithSnapshots(this, learns);
  }

  /** The model each key starts from (a copy). */
  public OnlineModel prototype() {
    return prototype.copy();
  }

  public boolean usesCausalFeatures() {
    return causalFeatures;
  }

  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** The initial snapshots by key, for warm start; empty unless {@link #withInitialModels}. */
  public SortedMap<String, ModelSnapshot> initialModels() {
    return java.util.Collections.unmodifiableSortedMap(initialModels);
  }

  @Override
  public PCollection<Prediction> expand(PCollection<Event> input) {
    return learn(input, 0).get(PREDICTIONS);
  }

  private PCollectionTuple learn(PCollection<Event> input, long snapshotEvery) {
    PCollectionTuple outputs =
        inGlobalWindow(input)
            .apply(
                "KeyByEventKey",
                WithKeys.of((SerializableFunction<Event, String>) Event::getKey)
                    .withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), EventCoder.of()))
            .apply(
                "PredictThenLearnInEventTimeOrder",
                ParDo.of(
                        new PredictThenLearnFn(
                            prototype, causalFeatures, idleTimeout, initialModels, snapshotEvery))
                    .withOutputTags(PREDICTIONS, TupleTagList.of(SNAPSHOT_OUTPUT)));
    outputs.get(PREDICTIONS).setCoder(PredictionCoder.of());
    outputs.get(SNAPSHOT_OUTPUT).setCoder(KeyedModelSnapshotCoder.of());
    return outputs;
  }

  /**
   * {@link PrequentialLearning} that also outputs versioned model snapshots: made by {@link
   * PrequentialLearning#withSnapshotsEvery}.
   */
  public static final class WithSnapshots extends PTransform<PCollection<Event>, Result> {
    private final PrequentialLearning learning;
    private final long snapshotEvery;

    private WithSnapshots(PrequentialLearning learning, long snapshotEvery) {
      this.learning = learning;
      this.snapshotEvery = snapshotEvery;
    }

    public long snapshotEvery() {
      return snapshotEvery;
    }

    /** The learning without snapshots. */
    public PrequentialLearning learning() {
      return learning;
    }

    @Override
    public Result expand(PCollection<Event> input) {
      PCollectionTuple outputs = learning.learn(input, snapshotEvery);
      return new Result(outputs.get(PREDICTIONS), outputs.get(SNAPSHOT_OUTPUT));
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      learning.populateDisplayData(builder);
      builder.add(DisplayData.item("snapshotEvery", snapshotEvery).withLabel("Snapshot every"));
    }

    @Override
    public String toString() {
      return learning + ".withSnapshotsEvery(" + snapshotEvery + ")";
    }
  }

  /** Predictions and model snapshots, both in the global window. */
  public static final class Result extends TwoOutputs<Prediction, KeyedModelSnapshot> {
    Result(PCollection<Prediction> predictions, PCollection<KeyedModelSnapshot> snapshots) {
      super(PREDICTIONS, predictions, SNAPSHOT_OUTPUT, snapshots);
    }

    /** One per event, as {@link PrequentialLearning} outputs. */
    public PCollection<Prediction> predictions() {
      return first();
    }

    /** Each key's model every {@code n} learns, at the event time of the last learned event. */
    public PCollection<KeyedModelSnapshot> snapshots() {
      return second();
    }
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
        .add(DisplayData.item("causalFeatures", causalFeatures).withLabel("Causal features"))
        .add(DisplayData.item("idleTimeout", idleTimeout).withLabel("Idle timeout"))
        .add(DisplayData.item("initialModels", initialModels.size()).withLabel("Initial models"));
  }

  @Override
  public String toString() {
    return "PrequentialLearning{model="
        + prototype.id()
        + ", causalFeatures="
        + causalFeatures
        + ", idleTimeout="
        + idleTimeout
        + ", initialModels="
        + initialModels.size()
        + "}";
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
      Prediction prediction =
          model.isClassifier()
              ? classified(event, row, timestamp, late)
              : Prediction.ofValue(
                  event.getKey(),
                  timestamp,
                  event.getId(),
                  model.predict(row),
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

    private Prediction classified(Event event, double[] row, Instant timestamp, boolean late) {
      double[] probabilities = model.predictProba(row);
      return new Prediction(
          event.getKey(),
          timestamp,
          event.getId(),
          argMax(probabilities),
          probabilities,
          event.getLabel(),
          model.version(),
          late);
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
    /** Fires when the watermark passes the last event processed in order plus the idle timeout. */
    private static final String IDLE_TIMER = "idle";

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

    @TimerId(IDLE_TIMER)
    private final TimerSpec idleTimerSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    private final Counter predicted = Metrics.counter(METRIC_NAMESPACE, PREDICTED);
    private final Counter learned = Metrics.counter(METRIC_NAMESPACE, LEARNED);
    private final Counter lateEvents = Metrics.counter(METRIC_NAMESPACE, LATE_EVENTS);
    private final Counter stateCleared = Metrics.counter(METRIC_NAMESPACE, STATE_CLEARED);
    private final Counter snapshots = Metrics.counter(METRIC_NAMESPACE, SNAPSHOTS);
    private final Distribution modelVersion = Metrics.distribution(METRIC_NAMESPACE, MODEL_VERSION);

    private final OnlineModel prototype;
    private final boolean causalFeatures;
    private final Duration idleTimeout;
    private final TreeMap<String, ModelSnapshot> initialModels;
    /** Emit a snapshot when the version reaches a multiple of this; 0 for none. */
    private final long snapshotEvery;

    PredictThenLearnFn(
        OnlineModel prototype,
        boolean causalFeatures,
        Duration idleTimeout,
        TreeMap<String, ModelSnapshot> initialModels,
        long snapshotEvery) {
      this.prototype = prototype;
      this.causalFeatures = causalFeatures;
      this.idleTimeout = idleTimeout;
      this.initialModels = initialModels;
      this.snapshotEvery = snapshotEvery;
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
        MultiOutputReceiver out) {
      Instant lastProcessed = lastProcessedState.read();
      if (lastProcessed != null && !timestamp.isAfter(lastProcessed)) {
        KeyLearner learner =
            new KeyLearner(
                modelState.read(), causalFeatures, previousState.read(), lastLabelState.read());
        Prediction prediction = learner.predictThenLearn(element.getValue(), timestamp, true);
        lateEvents.inc();
        predicted.inc();
        modelVersion.update(prediction.modelVersion());
        out.get(PREDICTIONS).outputWithTimestamp(prediction, timestamp);
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
        @TimerId(IDLE_TIMER) Timer idleTimer,
        MultiOutputReceiver out) {
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
      Instant lastProcessed = lastProcessedState.read();
      KeyLearner learner =
          model == null || lastProcessed == null
              ? null
              : new KeyLearner(
                  model, causalFeatures, previousState.read(), lastLabelState.read());
      long learnedNow = 0;
      List<Prediction> predictions = new ArrayList<>(due.size());
      List<KeyedModelSnapshot> taken = new ArrayList<>();
      for (TimestampedValue<Event> event : due) {
        Instant timestamp = event.getTimestamp();
        if (learner == null || !timestamp.isBefore(idleDeadline(lastProcessed))) {
          if (learner != null) {
            // Idle for the timeout, though the idle timer has not fired yet: same new model.
            stateCleared.inc();
          }
          learner = new KeyLearner(startModel(event.getValue().getKey()), causalFeatures, null, null);
        }
        predictions.add(learner.predictThenLearn(event.getValue(), timestamp, false));
        lastProcessed = timestamp;
        if (event.getValue().getLabel() != null) {
          learnedNow++;
          long version = learner.model().version();
          if (snapshotEvery > 0 && version % snapshotEvery == 0) {
            taken.add(
                new KeyedModelSnapshot(
                    event.getValue().getKey(), version, timestamp, learner.model().snapshot()));
          }
        }
      }
      if (!due.isEmpty()) {
        modelState.write(learner.model());
        previousState.write(learner.previous());
        if (learner.lastLabel() != null) {
          lastLabelState.write(learner.lastLabel());
        } else {
          lastLabelState.clear();
        }
        lastProcessedState.write(lastProcessed);
        idleTimer.withNoOutputTimestamp().set(idleDeadline(lastProcessed));
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

      learned.inc(learnedNow);
      predicted.inc(predictions.size());
      for (Prediction prediction : predictions) {
        modelVersion.update(prediction.modelVersion());
        out.get(PREDICTIONS).outputWithTimestamp(prediction, prediction.timestamp());
      }
      snapshots.inc(taken.size());
      for (KeyedModelSnapshot snapshot : taken) {
        out.get(SNAPSHOT_OUTPUT).outputWithTimestamp(snapshot, snapshot.eventTime());
      }
    }

    @OnTimer(IDLE_TIMER)
    public void onIdle(
        OnTimerContext context,
        @StateId(MODEL) ValueState<OnlineModel> modelState,
        @StateId(PREVIOUS) ValueState<Event> previousState,
        @StateId(LAST_LABEL) ValueState<Double> lastLabelState,
        @StateId(LAST_PROCESSED) ValueState<Instant> lastProcessedState,
        @StateId(NEXT_RELEASE) ValueState<Instant> nextReleaseState) {
      Instant lastProcessed = lastProcessedState.read();
      if (lastProcessed == null
          || idleDeadline(lastProcessed).isAfter(context.fireTimestamp())) {
        return;
      }
      Instant nextRelease = nextReleaseState.read();
      if (nextRelease != null && !nextRelease.isAfter(context.fireTimestamp())) {
        // Events due by now wait for their release timer, which fires in the same watermark
        // advance (timers of one key need not fire in timestamp order): it decides by the same
        // rule whether they start a new model, and sets this timer again.
        return;
      }
      // Waiting events, if any, are later than the deadline: they will start a new model.
      modelState.clear();
      previousState.clear();
      lastLabelState.clear();
      lastProcessedState.clear();
      stateCleared.inc();
    }

    /** The model a key starts from: its initial snapshot if any, else the prototype. */
    private OnlineModel startModel(String key) {
      ModelSnapshot initial = initialModels.get(key);
      return initial == null ? prototype.copy() : OnlineModels.fromSnapshot(initial);
    }

    private Instant idleDeadline(Instant lastProcessed) {
      // Timers may not be set after the end of the global window.
      Instant end = GlobalWindow.INSTANCE.maxTimestamp();
      if (idleTimeout.getMillis() >= end.getMillis() - lastProcessed.getMillis()) {
        return end;
      }
      return lastProcessed.plus(idleTimeout);
    }
  }
}
