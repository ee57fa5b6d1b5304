package dev.streamml.online.beam;

import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
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
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TimestampedValue.TimestampedValueCoder;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.ImmutableMap;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Joins unlabelled events with labels that arrive later (or earlier) on their own stream, by event
 * id, within a maximum delay.
 *
 * <pre>{@code
 * PCollection<Event> events = ...;                 // each with an id, timestamped at event time
 * PCollection<KV<String, Double>> labels = ...;    // id -> label, timestamped at reveal time
 * JoinLabels.Result joined =
 *     events.apply("JoinLabels", JoinLabels.within(Duration.standardHours(1)).withLabels(labels));
 * joined.joined();           // events withLabel(label), at the event's timestamp
 * joined.expiredEvents();    // events whose label did not come in time, at the event's timestamp
 * joined.unmatchedLabels();  // labels whose event did not come in time, at the label's timestamp
 * }</pre>
 *
 * <p><b>Matching.</b> An event at time {@code te} and a label of the same id at time {@code tl}
 * match when {@code |tl - te| <= maxDelay}. Matching is one to one: each label labels one event
 * (the earliest waiting one within the delay) and each event takes one label (the earliest
 * waiting one within the delay). Ids are expected to be unique; repeated ids are paired in that
 * order.
 *
 * <p><b>Waiting and expiry.</b> Events and labels wait in state keyed by id, in the global window,
 * until their match arrives or the input watermark passes their timestamp plus {@code maxDelay}.
 * Then an event is output to {@link Result#expiredEvents()} and a label to {@link
 * Result#unmatchedLabels()}. Events without an id and labels without an id can never match: they
 * are output there at once. Nothing is dropped.
 *
 * <p><b>Timestamps.</b> A joined event is output at its own timestamp; an expired event at its own
 * timestamp; an unmatched label at its reveal timestamp. While anything waits, an event-time timer
 * with an output timestamp holds the output watermark at the earliest waiting timestamp of the id,
 * so none of these outputs is late downstream. A label that arrives after its event emits the
 * joined event at the event's (earlier) timestamp from its own callback: the DoFn's allowed
 * timestamp skew is {@code maxDelay}, which is exactly the gap a match may have, and the watermark
 * hold guarantees the output is not behind the output watermark.
 *
 * <p>Input in other windows is put into the global window; outputs are in the global window.
 *
 * <p>Metrics, in {@value #METRIC_NAMESPACE}: {@value #JOINED}, {@value #EXPIRED_EVENTS}, {@value
 * #EXPIRED_LABELS} (missing ids included).
 */
public final class JoinLabels extends PTransform<PCollection<Event>, JoinLabels.Result> {
  /** Namespace of this transform's metrics. */
  public static final String METRIC_NAMESPACE = "streamml.labels";

  /** Counter of the events output with their label. */
  public static final String JOINED = "joined";

  /** Counter of the events output without a label, to {@link Result#expiredEvents()}. */
  public static final String EXPIRED_EVENTS = "expired_events";

  /** Counter of the labels output to {@link Result#unmatchedLabels()}. */
  public static final String EXPIRED_LABELS = "expired_labels";

  private final Duration maxDelay;
  private final transient @Nullable PCollection<KV<String, Double>> labels;

  private JoinLabels(Duration maxDelay, @Nullable PCollection<KV<String, Double>> labels) {
    this.maxDelay = maxDelay;
    this.labels = labels;
  }

  /** Joins events with labels at most {@code maxDelay} apart in event time. */
  public static JoinLabels within(Duration maxDelay) {
    if (maxDelay == null || maxDelay.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          "the maximum label delay should be a non-negative duration, found " + maxDelay);
    }
    return new JoinLabels(maxDelay, null);
  }

  /** A copy that joins the input events with {@code labels} (id to label, at reveal time). */
  public JoinLabels withLabels(PCollection<KV<String, Double>> labels) {
    if (labels == null) {
      throw new IllegalArgumentException("a label collection is required, found null");
    }
    return new JoinLabels(maxDelay, labels);
  }

  public Duration maxDelay() {
    return maxDelay;
  }

  /** Joins {@code events} with {@code labels}; same as {@code withLabels(labels)} applied. */
  public Result join(PCollection<Event> events, PCollection<KV<String, Double>> labels) {
    return events.apply(withLabels(labels));
  }

  private static final Coder<String> ID_CODER = NullableCoder.of(StringUtf8Coder.of());
  private static final Coder<Double> LABEL_CODER = NullableCoder.of(DoubleCoder.of());
  private static final Coder<KV<Event, Double>> UNION_CODER =
      KvCoder.of(NullableCoder.of(EventCoder.of()), LABEL_CODER);
  private static final Coder<KV<String, Double>> LABEL_KV_CODER =
      KvCoder.of(ID_CODER, LABEL_CODER);

  @Override
  public Result expand(PCollection<Event> events) {
    if (labels == null) {
      throw new IllegalStateException(
          "JoinLabels needs the labels: use JoinLabels.within(maxDelay).withLabels(labels)");
    }
    PCollection<KV<String, KV<Event, Double>>> taggedEvents =
        inGlobalWindow(events, "EventsIntoGlobalWindow")
            .apply(
                "KeyEventsById",
                MapElements.into(
                        new TypeDescriptor<KV<String, KV<Event, Double>>>() {})
                    .via((Event e) -> KV.of(e.getId(), KV.of(e, (Double) null))))
            .setCoder(KvCoder.of(ID_CODER, UNION_CODER));
    PCollection<KV<String, KV<Event, Double>>> taggedLabels =
        inGlobalWindow(labels, "LabelsIntoGlobalWindow")
            .apply(
                "KeyLabelsById",
                MapElements.into(
                        new TypeDescriptor<KV<String, KV<Event, Double>>>() {})
                    .via(
                        (KV<String, Double> l) ->
                            KV.of(l.getKey(), KV.of((Event) null, l.getValue()))))
            .setCoder(KvCoder.of(ID_CODER, UNION_CODER));

    TupleTag<Event> joinedTag = new TupleTag<>("joined");
    TupleTag<Event> expiredTag = new TupleTag<>("expiredEvents");
    TupleTag<KV<String, Double>> unmatchedTag = new TupleTag<>("unmatchedLabels");
    PCollectionTuple outputs =
        PCollectionList.of(taggedEvents)
            .and(taggedLabels)
            .apply("FlattenEventsAndLabels", Flatten.pCollections())
            .apply(
                "JoinById",
                ParDo.of(new JoinFn(maxDelay, joinedTag, expiredTag, unmatchedTag))
                    .withOutputTags(joinedTag, TupleTagList.of(expiredTag).and(unmatchedTag)));
    return new Result(
        joinedTag,
        outputs.get(joinedTag).setCoder(EventCoder.of()),
        expiredTag,
        outputs.get(expiredTag).setCoder(EventCoder.of()),
        unmatchedTag,
        outputs.get(unmatchedTag).setCoder(LABEL_KV_CODER));
  }

  private static <T> PCollection<T> inGlobalWindow(PCollection<T> input, String name) {
    return input.apply(
        name,
        Window.<T>into(new GlobalWindows())
            .triggering(DefaultTrigger.of())
            .withAllowedLateness(Duration.ZERO)
            .discardingFiredPanes());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("maxDelay", maxDelay).withLabel("Maximum label delay"));
  }

  @Override
  public String toString() {
    return "JoinLabels{maxDelay=" + maxDelay + "}";
  }

  /** The three outputs of {@link JoinLabels}. */
  public static final class Result implements POutput {
    private final TupleTag<Event> joinedTag;
    private final PCollection<Event> joined;
    private final TupleTag<Event> expiredTag;
    private final PCollection<Event> expired;
    private final TupleTag<KV<String, Double>> unmatchedTag;
    private final PCollection<KV<String, Double>> unmatched;

    Result(
        TupleTag<Event> joinedTag,
        PCollection<Event> joined,
        TupleTag<Event> expiredTag,
        PCollection<Event> expired,
        TupleTag<KV<String, Double>> unmatchedTag,
        PCollection<KV<String, Double>> unmatched) {
      this.joinedTag = joinedTag;
      this.joined = joined;
      this.expiredTag = expiredTag;
      this.expired = expired;
      this.unmatchedTag = unmatchedTag;
      this.unmatched = unmatched;
    }

    /** Events with their label, at the event's timestamp. */
    public PCollection<Event> joined() {
      return joined;
    }

    /** Events whose label did not come within the delay (or without an id), unlabelled. */
    public PCollection<Event> expiredEvents() {
      return expired;
    }

    /** Labels whose event did not come within the delay (or without an id), at reveal time. */
    public PCollection<KV<String, Double>> unmatchedLabels() {
      return unmatched;
    }

    @Override
    public Pipeline getPipeline() {
      return joined.getPipeline();
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return ImmutableMap.of(joinedTag, joined, expiredTag, expired, unmatchedTag, unmatched);
    }

    @Override
    public void finishSpecifyingOutput(
        String transformName, PInput input, PTransform<?, ?> transform) {}
  }

  /**
   * Keeps the waiting events and labels of an id and pairs them. State and timer ids are part of
   * the pipeline's state: never rename them.
   */
  private static final class JoinFn extends DoFn<KV<String, KV<Event, Double>>, Event> {
    /** Events waiting for their label, with their element timestamps. */
    private static final String EVENTS = "events";

    /** Labels waiting for their event, with their element timestamps. */
    private static final String LABELS = "labels";

    /** The output timestamp of the expiry timer: at or before every waiting timestamp. */
    private static final String HOLD = "hold";

    /** Fires when the watermark passes the hold plus the maximum delay. */
    private static final String EXPIRY_TIMER = "expiry";

    @StateId(EVENTS)
    private final StateSpec<BagState<TimestampedValue<Event>>> eventsSpec =
        StateSpecs.bag(TimestampedValueCoder.of(EventCoder.of()));

    @StateId(LABELS)
    private final StateSpec<BagState<TimestampedValue<Double>>> labelsSpec =
        StateSpecs.bag(TimestampedValueCoder.of(LABEL_CODER));

    @StateId(HOLD)
    private final StateSpec<ValueState<Instant>> holdSpec = StateSpecs.value(InstantCoder.of());

    @TimerId(EXPIRY_TIMER)
    private final TimerSpec expirySpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    private final Counter joined = Metrics.counter(METRIC_NAMESPACE, JOINED);
    private final Counter expiredEvents = Metrics.counter(METRIC_NAMESPACE, EXPIRED_EVENTS);
    private final Counter expiredLabels = Metrics.counter(METRIC_NAMESPACE, EXPIRED_LABELS);

    private final Duration maxDelay;
    private final TupleTag<Event> joinedTag;
    private final TupleTag<Event> expiredTag;
    private final TupleTag<KV<String, Double>> unmatchedTag;

    JoinFn(
        Duration maxDelay,
        TupleTag<Event> joinedTag,
        TupleTag<Event> expiredTag,
        TupleTag<KV<String, Double>> unmatchedTag) {
      this.maxDelay = maxDelay;
      this.joinedTag = joinedTag;
      this.expiredTag = expiredTag;
      this.unmatchedTag = unmatchedTag;
    }

    /**
     * A label may output its event's join at the event's timestamp, at most {@code maxDelay}
     * earlier; the expiry timer's watermark hold keeps that output on time.
     */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return maxDelay;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, KV<Event, Double>> element,
        @Timestamp Instant timestamp,
        @StateId(EVENTS) BagState<TimestampedValue<Event>> events,
        @StateId(LABELS) BagState<TimestampedValue<Double>> labels,
        @StateId(HOLD) ValueState<Instant> holdState,
        @TimerId(EXPIRY_TIMER) Timer expiryTimer,
        MultiOutputReceiver out) {
      String id = element.getKey();
      Event event = element.getValue().getKey();
      Double label = element.getValue().getValue();
      if (id == null) {
        // Can never match: out at once rather than waiting forever.
        if (event != null) {
          expiredEvents.inc();
          out.get(expiredTag).outputWithTimestamp(event, timestamp);
        } else {
          expiredLabels.inc();
          out.get(unmatchedTag).outputWithTimestamp(KV.of(id, label), timestamp);
        }
        return;
      }
      if (event != null) {
        List<TimestampedValue<Double>> waiting = list(labels.read());
        int match = earliestWithin(waiting, timestamp);
        if (match >= 0) {
          TimestampedValue<Double> found = waiting.remove(match);
          rewrite(labels, waiting);
          joined.inc();
          out.get(joinedTag).outputWithTimestamp(event.withLabel(found.getValue()), timestamp);
          clearIfEmpty(waiting, events, holdState, expiryTimer);
          return;
        }
        events.add(TimestampedValue.of(event, timestamp));
      } else {
        List<TimestampedValue<Event>> waiting = list(events.read());
        int match = earliestWithin(waiting, timestamp);
        if (match >= 0) {
          TimestampedValue<Event> found = waiting.remove(match);
          rewrite(events, waiting);
          joined.inc();
          // At the event's timestamp: within the allowed skew, and not before the hold.
          out.get(joinedTag)
              .outputWithTimestamp(found.getValue().withLabel(label), found.getTimestamp());
          clearIfEmpty(waiting, labels, holdState, expiryTimer);
          return;
        }
        labels.add(TimestampedValue.of(label, timestamp));
      }
      Instant hold = holdState.read();
      if (hold == null || timestamp.isBefore(hold)) {
        holdState.write(timestamp);
        expiryTimer.withOutputTimestamp(timestamp).set(deadline(timestamp));
      }
    }

    @OnTimer(EXPIRY_TIMER)
    public void onExpiry(
        OnTimerContext context,
        @Key String id,
        @StateId(EVENTS) BagState<TimestampedValue<Event>> events,
        @StateId(LABELS) BagState<TimestampedValue<Double>> labels,
        @StateId(HOLD) ValueState<Instant> holdState,
        @TimerId(EXPIRY_TIMER) Timer expiryTimer,
        MultiOutputReceiver out) {
      // Everything whose deadline the watermark passed expires; on an event-time timer the
      // relative time is the input watermark.
      Instant watermark = expiryTimer.getCurrentRelativeTime();
      Instant expireUpTo = latest(context.fireTimestamp(), watermark.minus(Duration.millis(1)));
      Instant nextHold = null;

      List<TimestampedValue<Event>> keptEvents = new ArrayList<>();
      List<TimestampedValue<Event>> expired = new ArrayList<>();
      for (TimestampedValue<Event> waiting : events.read()) {
        if (deadline(waiting.getTimestamp()).isAfter(expireUpTo)) {
          keptEvents.add(waiting);
          nextHold = earliest(nextHold, waiting.getTimestamp());
        } else {
          expired.add(waiting);
        }
      }
      List<TimestampedValue<Double>> keptLabels = new ArrayList<>();
      List<TimestampedValue<Double>> unmatched = new ArrayList<>();
      for (TimestampedValue<Double> waiting : labels.read()) {
        if (deadline(waiting.getTimestamp()).isAfter(expireUpTo)) {
          keptLabels.add(waiting);
          nextHold = earliest(nextHold, waiting.getTimestamp());
        } else {
          unmatched.add(waiting);
        }
      }
      rewrite(events, keptEvents);
      rewrite(labels, keptLabels);
      if (nextHold == null) {
        holdState.clear();
      } else {
        holdState.write(nextHold);
        expiryTimer.withOutputTimestamp(nextHold).set(deadline(nextHold));
      }

      for (TimestampedValue<Event> event : expired) {
        expiredEvents.inc();
        out.get(expiredTag).outputWithTimestamp(event.getValue(), event.getTimestamp());
      }
      for (TimestampedValue<Double> label : unmatched) {
        expiredLabels.inc();
        out.get(unmatchedTag)
            .outputWithTimestamp(KV.of(id, label.getValue()), label.getTimestamp());
      }
    }

    private <T> int earliestWithin(List<TimestampedValue<T>> waiting, Instant timestamp) {
      int best = -1;
      for (int i = 0; i < waiting.size(); i++) {
        Instant other = waiting.get(i).getTimestamp();
        long gap = Math.abs(other.getMillis() - timestamp.getMillis());
        if (gap <= maxDelay.getMillis()
            && (best < 0 || other.isBefore(waiting.get(best).getTimestamp()))) {
          best = i;
        }
      }
      return best;
    }

    private static void clearIfEmpty(
        List<?> rest, BagState<?> other, ValueState<Instant> holdState, Timer expiryTimer) {
      Boolean otherEmpty = other.isEmpty().read();
      if (rest.isEmpty() && Boolean.TRUE.equals(otherEmpty)) {
        holdState.clear();
        expiryTimer.clear();
      }
    }

    private Instant deadline(Instant timestamp) {
      // Timers may not be set after the end of the global window.
      Instant end = GlobalWindow.INSTANCE.maxTimestamp();
      if (maxDelay.getMillis() >= end.getMillis() - timestamp.getMillis()) {
        return end;
      }
      return timestamp.plus(maxDelay);
    }

    private static <T> List<T> list(Iterable<T> values) {
      List<T> list = new ArrayList<>();
      for (Iterator<T> it = values.iterator(); it.hasNext(); ) {
        list.add(it.next());
      }
      return list;
    }

    private static <T> void rewrite(BagState<T> bag, List<T> values) {
      bag.clear();
      for (T value : values) {
        bag.add(value);
      }
    }

    private static Instant latest(Instant a, Instant b) {
      return a.isAfter(b) ? a : b;
    }

    private static Instant earliest(@Nullable Instant a, Instant b) {
      return a == null || b.isBefore(a) ? b : a;
    }
  }
}
