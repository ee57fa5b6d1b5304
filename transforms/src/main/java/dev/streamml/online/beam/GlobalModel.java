package dev.streamml.online.beam;

import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.online.MergeableModel;
import dev.streamml.online.ModelSnapshot;
import dev.streamml.online.ModelSnapshotCoder;
import dev.streamml.online.OnlineModel;
import dev.streamml.online.OnlineModels;
import dev.streamml.windowing.EventTimeWindows;
import dev.streamml.windowing.LateElement;
import dev.streamml.windowing.WindowSpec;
import dev.streamml.windowing.WindowedResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.annotation.Nullable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.DelegateCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
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
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.ImmutableMap;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * One model for all keys, learned in parallel in mini-batches and broadcast to the scoring step
 * as a side input.
 *
 * <ol>
 *   <li><b>Learn.</b> Labelled events are put in fixed event-time windows of {@link
 *       #everyBatchOf} (the mini-batches); each worker learns its share of a batch into a copy of
 *       the untrained prototype and the shares are merged ({@code Combine.globally}, {@link
 *       MergeableModel#merge}). A labelled event that comes after its batch closed is predicted
 *       but not learned, and kept in {@link Result#notLearned()} rather than dropped.
 *   <li><b>Merge.</b> One stateful step adds each batch, in event-time order, to the global model
 *       and outputs it as a
 *       {@link KeyedModelSnapshot} of key {@value #GLOBAL_KEY}: version = labelled rows learned,
 *       event time = the end of the batch. It has learned exactly the labelled events before that
 *       time.
 *   <li><b>Broadcast.</b> The newest {@link #keepingVersions} snapshots are a singleton side input
 *       in the global window, updated as each one comes.
 *   <li><b>Score.</b> Every event (labelled or not) is predicted by the newest broadcast model whose
 *       event time is at or before the event's: a model never predicts an event whose label it has
 *       learned. The {@link Prediction} carries that model's version; version 0 means WARMUP: no
 *       such model was there (yet), and the untrained prototype predicted.
 * </ol>
 *
 * <p><b>What is deterministic.</b> The models and their versions are, up to the floating-point
 * order in which a batch's shares are merged. Which version scores an event also depends on when
 * the side input was updated relative to the event's arrival (processing time): always an honest
 * one, as the rule above says, but not always the newest. In streaming, scoring waits until the
 * side input has its first model; events older than every kept version are WARMUP.
 *
 * <p>The model sees {@link Event#values()}: there is no per-key history in a global model.
 *
 * <pre>{@code
 * PCollection<Event> events = ...; // all keys, some labelled
 * GlobalModel.Result global =
 *     events.apply(
 *         "GlobalModel",
 *         GlobalModel.of(OnlineGaussianNaiveBayes.create(2))
 *             .everyBatchOf(Duration.standardMinutes(1)));
 * global.predictions(); // one per event, with the model version used
 * global.models();      // the global model after each batch
 * }</pre>
 */
public final class GlobalModel extends PTransform<PCollection<Event>, GlobalModel.Result> {
  /** The key of the global model's snapshots. */
  public static final String GLOBAL_KEY = "*";

  /** Mini-batch length unless set otherwise. */
  public static final Duration DEFAULT_BATCH = Duration.standardMinutes(1);

  /** Broadcast versions unless set otherwise. */
  public static final int DEFAULT_VERSIONS_KEPT = 5;

  /** Buckets of event keys the late-data check is spread over. */
  private static final int BUCKETS = 16;

  /** Namespace of this transform's metrics. */
  public static final String METRIC_NAMESPACE = "streamml.global_model";

  private final MergeableModel prototype;
  private final Duration batch;
  private final int versionsKept;

  private GlobalModel(MergeableModel prototype, Duration batch, int versionsKept) {
    this.prototype = prototype;
    this.batch = batch;
    this.versionsKept = versionsKept;
  }

  /** A global model starting from {@code prototype} (untrained), in {@link #DEFAULT_BATCH}es. */
  public static GlobalModel of(MergeableModel prototype) {
    if (prototype == null) {
      throw new IllegalArgumentException("a prototype MergeableModel is required, found null");
    }
    if (prototype.version() != 0) {
      throw new IllegalArgumentException(
          "the prototype should be untrained (version 0), it has learned " + prototype.version());
    }
    return new GlobalModel(prototype.copy(), DEFAULT_BATCH, DEFAULT_VERSIONS_KEPT);
  }

  /** A copy learning in mini-batches of {@code batch} of event time. */
  public GlobalModel everyBatchOf(Duration batch) {
    if (batch == null || !batch.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("the batch should be a positive duration, found " + batch);
    }
    return new GlobalModel(prototype, batch, versionsKept);
  }

  /** A copy broadcasting the newest {@code versions} models (at least 1). */
  public GlobalModel keepingVersions(int versions) {
    if (versions < 1) {
      throw new IllegalArgumentException("keep at least 1 version, found " + versions);
    }
    return new GlobalModel(prototype, batch, versions);
  }

  @Override
  public Result expand(PCollection<Event> events) {
    Coder<MergeableModel> modelCoder = mergeableCoder();
    PCollection<Event> allEvents = inGlobalWindow(events);
    // Keyed by a bucket of the event key only so that the late-data check (a keyed step) spreads
    // over workers; the check itself is per element.
    WindowedResult<Integer, Event> windowed =
        allEvents
            .apply(
                "OnlyLabelled",
                Filter.by((SerializableFunction<Event, Boolean>) e -> e.getLabel() != null))
            .apply(
                "ByBucket",
                WithKeys.of((SerializableFunction<Event, Integer>) e -> Math.floorMod(e.getKey().hashCode(), BUCKETS))
                    .withKeyType(TypeDescriptors.integers()))
            .setCoder(KvCoder.of(VarIntCoder.of(), EventCoder.of()))
            .apply("MiniBatches", EventTimeWindows.of(WindowSpec.fixed(batch)));
    PCollection<ModelSnapshot> batches =
        windowed
            .onTime()
            .apply("DropBuckets", Values.create())
            .apply(
                "LearnBatchInParallel",
                Combine.globally(new LearnBatchFn(prototype, modelCoder)).withoutDefaults())
            .setCoder(ModelSnapshotCoder.of());

    PCollection<KeyedModelSnapshot> models =
        batches
            .apply(
                "BatchesIntoGlobalWindow",
                Window.<ModelSnapshot>into(new GlobalWindows())
                    .triggering(DefaultTrigger.of())
                    .withAllowedLateness(Duration.ZERO)
                    .discardingFiredPanes())
            .apply(
                "OneKey",
                WithKeys.<String, ModelSnapshot>of(GLOBAL_KEY).withKeyType(TypeDescriptors.strings()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ModelSnapshotCoder.of()))
            .apply("MergeIntoGlobalModel", ParDo.of(new MergeBatchFn(prototype)))
            .setCoder(KeyedModelSnapshotCoder.of());

    PCollectionView<List<KeyedModelSnapshot>> broadcast =
        models
            .apply(
                "EachModelAsItComes",
                Window.<KeyedModelSnapshot>configure()
                    .triggering(Repeatedly.forever(AfterPane.elementCountAtLeast(1)))
                    .accumulatingFiredPanes())
            .apply(
                "NewestVersions", Combine.globally(new NewestFn(versionsKept)).asSingletonView());

    PCollection<Prediction> predictions =
        allEvents
            .apply(
                "PredictWithBroadcastModel",
                ParDo.of(new ScoreFn(prototype, broadcast, versionsKept)).withSideInputs(broadcast))
            .setCoder(PredictionCoder.of());
    return new Result(predictions, models, windowed.tooLate());
  }

  private Coder<MergeableModel> mergeableCoder() {
    return DelegateCoder.of(
        ModelSnapshotCoder.of(),
        MergeableModel::snapshot,
        snapshot -> (MergeableModel) OnlineModels.fromSnapshot(snapshot));
  }

  private static PCollection<Event> inGlobalWindow(PCollection<Event> input) {
    if (input.getWindowingStrategy().getWindowFn() instanceof GlobalWindows) {
      return input;
    }
    return input
        .apply(
            "EventsIntoGlobalWindow",
            Window.<Event>into(new GlobalWindows())
                .triggering(DefaultTrigger.of())
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes())
        .setCoder(EventCoder.of());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("model", prototype.id()).withLabel("Model"))
        .add(DisplayData.item("batch", batch).withLabel("Mini-batch"))
        .add(DisplayData.item("versionsKept", versionsKept).withLabel("Versions broadcast"));
  }

  /** Learns a batch's share into a copy of the prototype; merges the shares. */
  private static final class LearnBatchFn
      extends Combine.CombineFn<Event, MergeableModel, ModelSnapshot> {
    private final MergeableModel prototype;
    private final Coder<MergeableModel> coder;

    LearnBatchFn(MergeableModel prototype, Coder<MergeableModel> coder) {
      this.prototype = prototype;
      this.coder = coder;
    }

    @Override
    public MergeableModel createAccumulator() {
      return prototype.copy();
    }

    @Override
    public MergeableModel addInput(MergeableModel model, Event event) {
      model.learn(event.values(), event.getLabel());
      return model;
    }

    @Override
    public MergeableModel mergeAccumulators(Iterable<MergeableModel> models) {
      MergeableModel merged = null;
      for (MergeableModel model : models) {
        if (merged == null) {
          merged = model;
        } else {
          merged.merge(model);
        }
      }
      return merged == null ? createAccumulator() : merged;
    }

    @Override
    public ModelSnapshot extractOutput(MergeableModel model) {
      return model.snapshot();
    }

    @Override
    public Coder<MergeableModel> getAccumulatorCoder(
        CoderRegistry registry, Coder<Event> inputCoder) {
      return coder;
    }
  }

  /**
   * Adds each batch to the global model in event-time order and outputs the model at the batch's
   * end. Batches may arrive in any order (a bounded input fires every window at once), so each
   * waits in state until the watermark reaches it; ties cannot happen (one batch per window).
   * State and timer ids are part of the pipeline's state: never rename them.
   */
  private static final class MergeBatchFn
      extends DoFn<KV<String, ModelSnapshot>, KeyedModelSnapshot> {
    private static final String MODEL = "model";
    private static final String PENDING = "pending";
    private static final String NEXT = "next";
    private static final String RELEASE = "release";

    @StateId(MODEL)
    private final StateSpec<ValueState<ModelSnapshot>> modelSpec =
        StateSpecs.value(ModelSnapshotCoder.of());

    @StateId(PENDING)
    private final StateSpec<BagState<TimestampedValue<ModelSnapshot>>> pendingSpec =
        StateSpecs.bag(TimestampedValue.TimestampedValueCoder.of(ModelSnapshotCoder.of()));

    @StateId(NEXT)
    private final StateSpec<ValueState<Instant>> nextSpec = StateSpecs.value(InstantCoder.of());

    @TimerId(RELEASE)
    private final TimerSpec releaseSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    private final MergeableModel prototype;
    private final Counter published = Metrics.counter(METRIC_NAMESPACE, "models_published");

    MergeBatchFn(MergeableModel prototype) {
      this.prototype = prototype;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, ModelSnapshot> batch,
        @Timestamp Instant batchMaxTimestamp,
        @StateId(PENDING) BagState<TimestampedValue<ModelSnapshot>> pending,
        @StateId(NEXT) ValueState<Instant> next,
        @TimerId(RELEASE) Timer release) {
      pending.add(TimestampedValue.of(batch.getValue(), batchMaxTimestamp));
      Instant due = next.read();
      if (due == null || batchMaxTimestamp.isBefore(due)) {
        next.write(batchMaxTimestamp);
        release.set(batchMaxTimestamp);
      }
    }

    @OnTimer(RELEASE)
    public void onRelease(
        @Timestamp Instant firing,
        @StateId(MODEL) ValueState<ModelSnapshot> state,
        @StateId(PENDING) BagState<TimestampedValue<ModelSnapshot>> pending,
        @StateId(NEXT) ValueState<Instant> next,
        @TimerId(RELEASE) Timer release,
        OutputReceiver<KeyedModelSnapshot> output) {
      List<TimestampedValue<ModelSnapshot>> waiting = new ArrayList<>();
      pending.read().forEach(waiting::add);
      waiting.sort(java.util.Comparator.comparing(TimestampedValue::getTimestamp));
      pending.clear();
      next.clear();
      ModelSnapshot stored = state.read();
      MergeableModel model =
          stored == null ? prototype.copy() : (MergeableModel) OnlineModels.fromSnapshot(stored);
      boolean merged = false;
      for (TimestampedValue<ModelSnapshot> batch : waiting) {
        if (batch.getTimestamp().isAfter(firing)) {
          // Not due yet: back in state, the timer set for the earliest.
          pending.add(batch);
          if (next.read() == null) {
            next.write(batch.getTimestamp());
            release.set(batch.getTimestamp());
          }
          continue;
        }
        model.merge((MergeableModel) OnlineModels.fromSnapshot(batch.getValue()));
        merged = true;
        ModelSnapshot snapshot = model.snapshot();
        published.inc();
        // A combine's output is at its window's last millisecond; the model covers events
        // before the window's end.
        Instant end = batch.getTimestamp().plus(Duration.millis(1));
        output.outputWithTimestamp(
            new KeyedModelSnapshot(GLOBAL_KEY, snapshot.version(), end, snapshot),
            batch.getTimestamp());
      }
      if (merged) {
        state.write(model.snapshot());
      }
    }
  }

  /** Keeps the newest versions, by version. */
  private static final class NewestFn
      extends Combine.CombineFn<
          KeyedModelSnapshot, List<KeyedModelSnapshot>, List<KeyedModelSnapshot>> {
    private final int keep;

    NewestFn(int keep) {
      this.keep = keep;
    }

    @Override
    public List<KeyedModelSnapshot> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<KeyedModelSnapshot> addInput(
        List<KeyedModelSnapshot> newest, KeyedModelSnapshot model) {
      newest.add(model);
      return trimmed(newest);
    }

    @Override
    public List<KeyedModelSnapshot> mergeAccumulators(Iterable<List<KeyedModelSnapshot>> lists) {
      List<KeyedModelSnapshot> all = new ArrayList<>();
      lists.forEach(all::addAll);
      return trimmed(all);
    }

    @Override
    public List<KeyedModelSnapshot> extractOutput(List<KeyedModelSnapshot> newest) {
      return newest;
    }

    private List<KeyedModelSnapshot> trimmed(List<KeyedModelSnapshot> models) {
      TreeMap<Long, KeyedModelSnapshot> byVersion = new TreeMap<>();
      models.forEach(m -> byVersion.put(m.version(), m));
      while (byVersion.size() > keep) {
        byVersion.pollFirstEntry();
      }
      return new ArrayList<>(byVersion.values());
    }

    @Override
    public Coder<List<KeyedModelSnapshot>> getAccumulatorCoder(
        CoderRegistry registry, Coder<KeyedModelSnapshot> inputCoder) {
      return ListCoder.of(KeyedModelSnapshotCoder.of());
    }

    @Override
    public Coder<List<KeyedModelSnapshot>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<KeyedModelSnapshot> inputCoder) {
      return ListCoder.of(KeyedModelSnapshotCoder.of());
    }
  }

  /** Predicts each event with the newest broadcast model from before it. */
  private static final class ScoreFn extends DoFn<Event, Prediction> {
    private final OnlineModel prototype;
    private final PCollectionView<List<KeyedModelSnapshot>> broadcast;
    private final Counter warmup = Metrics.counter(METRIC_NAMESPACE, "warmup_predictions");
    /** Restored models by version: restoring per event would cost more than predicting. */
    private transient @Nullable Map<Long, OnlineModel> restored;

    /** Versions broadcast: the cache never needs more. */
    private final int versionsKept;

    ScoreFn(
        OnlineModel prototype,
        PCollectionView<List<KeyedModelSnapshot>> broadcast,
        int versionsKept) {
      this.prototype = prototype;
      this.broadcast = broadcast;
      this.versionsKept = versionsKept;
    }

    @ProcessElement
    public void processElement(
        @Element Event event,
        @Timestamp Instant timestamp,
        ProcessContext context,
        OutputReceiver<Prediction> output) {
      KeyedModelSnapshot chosen = null;
      for (KeyedModelSnapshot model : context.sideInput(broadcast)) {
        if (!model.eventTime().isAfter(timestamp)
            && (chosen == null || model.version() > chosen.version())) {
          chosen = model;
        }
      }
      OnlineModel model = chosen == null ? prototype : restore(chosen);
      if (chosen == null) {
        warmup.inc();
      }
      double[] probabilities = model.predictProba(event.values());
      output.output(
          new Prediction(
              event.getKey(),
              timestamp,
              event.getId(),
              PrequentialLearning.argMax(probabilities),
              probabilities,
              event.getLabel(),
              chosen == null ? 0 : chosen.version(),
              false));
    }

    private OnlineModel restore(KeyedModelSnapshot snapshot) {
      if (restored == null) {
        restored = new HashMap<>();
      }
      OnlineModel model = restored.get(snapshot.version());
      if (model == null) {
        if (restored.size() >= versionsKept) {
          restored.clear(); // older versions than any broadcast now
        }
        model = snapshot.restore();
        restored.put(snapshot.version(), model);
      }
      return model;
    }
  }

  /** Predictions of every event and the global model after each batch. */
  public static final class Result implements POutput {
    private static final TupleTag<Prediction> PREDICTIONS = new TupleTag<>("predictions");
    private static final TupleTag<KeyedModelSnapshot> MODELS = new TupleTag<>("models");
    private static final TupleTag<LateElement<Integer, Event>> NOT_LEARNED =
        new TupleTag<>("notLearned");

    private final PCollection<Prediction> predictions;
    private final PCollection<KeyedModelSnapshot> models;
    private final PCollection<LateElement<Integer, Event>> notLearned;

    Result(
        PCollection<Prediction> predictions,
        PCollection<KeyedModelSnapshot> models,
        PCollection<LateElement<Integer, Event>> notLearned) {
      this.predictions = predictions;
      this.models = models;
      this.notLearned = notLearned;
    }

    /**
     * Labelled events that came after their batch was closed (the watermark past its end): they
     * are predicted like any event but not learned. The key is an internal bucket number.
     */
    public PCollection<LateElement<Integer, Event>> notLearned() {
      return notLearned;
    }

    /** One per event, in the global window; model version 0 is WARMUP. */
    public PCollection<Prediction> predictions() {
      return predictions;
    }

    /** The global model after each batch, key {@value GlobalModel#GLOBAL_KEY}, global window. */
    public PCollection<KeyedModelSnapshot> models() {
      return models;
    }

    @Override
    public Pipeline getPipeline() {
      return predictions.getPipeline();
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return ImmutableMap.of(PREDICTIONS, predictions, MODELS, models, NOT_LEARNED, notLearned);
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {}
  }
}
