package dev.streamml.anomaly;

import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;

/**
 * The order in which {@link AnomalyDetection} scores a key's events, and the split of a key's
 * buffer into the events due for scoring and those still waiting.
 *
 * <p>Events are ordered by timestamp; events with equal timestamps by their {@link EventCoder}
 * bytes, compared unsigned. Arrival order never decides: it differs between runners, between runs
 * and after a restore, and a tie broken by it would make scores differ too. Identical events encode
 * identically, and the order between them does not change any score.
 */
final class EventTimeOrder {
  /** Timestamp, then encoded event. */
  static final Comparator<TimestampedValue<Event>> ORDER =
      Comparator.<TimestampedValue<Event>, Instant>comparing(TimestampedValue::getTimestamp)
          .thenComparing(
              (a, b) -> Arrays.compareUnsigned(encode(a.getValue()), encode(b.getValue())));

  private EventTimeOrder() {}

  /**
   * Splits {@code buffered} into the events with timestamps at or before {@code releaseUpTo}, in
   * {@link #ORDER}, and the others.
   */
  static Split split(Iterable<TimestampedValue<Event>> buffered, Instant releaseUpTo) {
    List<TimestampedValue<Event>> due = new ArrayList<>();
    List<TimestampedValue<Event>> waiting = new ArrayList<>();
    Instant nextDue = null;
    for (TimestampedValue<Event> event : buffered) {
      if (event.getTimestamp().isAfter(releaseUpTo)) {
        waiting.add(event);
        if (nextDue == null || event.getTimestamp().isBefore(nextDue)) {
          nextDue = event.getTimestamp();
        }
      } else {
        due.add(event);
      }
    }
    due.sort(ORDER);
    return new Split(due, waiting, nextDue);
  }

  private static byte[] encode(Event event) {
    try {
      return CoderUtils.encodeToByteArray(EventCoder.of(), event);
    } catch (CoderException e) {
      throw new IllegalStateException("cannot encode " + event + " to order it", e);
    }
  }

  /** Events due now, in order, and events still waiting, in no order. */
  static final class Split {
    private final List<TimestampedValue<Event>> due;
    private final List<TimestampedValue<Event>> waiting;
    private final @Nullable Instant nextDue;

    private Split(
        List<TimestampedValue<Event>> due,
        List<TimestampedValue<Event>> waiting,
        @Nullable Instant nextDue) {
      this.due = due;
      this.waiting = waiting;
      this.nextDue = nextDue;
    }

    /** The events to score now, in {@link #ORDER}. */
    List<TimestampedValue<Event>> due() {
      return due;
    }

    /** The events that stay buffered. */
    List<TimestampedValue<Event>> waiting() {
      return waiting;
    }

    /** The earliest timestamp among {@link #waiting()}, or null if none wait. */
    @Nullable
    Instant nextDue() {
      return nextDue;
    }
  }
}
