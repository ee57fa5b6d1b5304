package dev.streamml.windowing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * An element that arrived later than its windows' allowed lateness, kept instead of being dropped:
 * the original key, value and event timestamp, the windows it belonged to, the input watermark when
 * it was routed and how late it was.
 *
 * <p>{@link #lateness()} is measured against the window that stayed open longest: the watermark
 * minus ({@code window.maxTimestamp() + allowedLateness}). For session windows {@link #windows()}
 * holds the element's own proto-session {@code [timestamp, timestamp + gap)}, the window Beam
 * checks lateness on before merging. Windows are ordered by start, then end.
 *
 * <pre>{@code
 * windowed.tooLate()
 *     .apply("DescribeTooLate", MapElements.into(TypeDescriptors.strings())
 *         .via(late -> late.key() + " late by " + late.lateness() + " for " + late.windows()));
 * }</pre>
 *
 * <p>Encode it with {@link LateElementCoder}.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class LateElement<K, V> {
  private static final Comparator<IntervalWindow> BY_START_THEN_END =
      Comparator.comparing(IntervalWindow::start).thenComparing(IntervalWindow::end);

  private final K key;
  private final V value;
  private final Instant timestamp;
  private final List<IntervalWindow> windows;
  private final Instant inputWatermark;
  private final Duration lateness;

  private LateElement(
      K key,
      V value,
      Instant timestamp,
      List<IntervalWindow> windows,
      Instant inputWatermark,
      Duration lateness) {
    this.key = key;
    this.value = value;
    this.timestamp = timestamp;
    this.windows = windows;
    this.inputWatermark = inputWatermark;
    this.lateness = lateness;
  }

  /**
   * A late element; {@code windows} must not be empty and is copied and sorted.
   *
   * @throws IllegalArgumentException if {@code windows} is empty or {@code lateness} is negative
   */
  public static <K, V> LateElement<K, V> of(
      K key,
      V value,
      Instant timestamp,
      List<IntervalWindow> windows,
      Instant inputWatermark,
      Duration lateness) {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(inputWatermark, "inputWatermark");
    Objects.requireNonNull(lateness, "lateness");
    if (windows == null || windows.isEmpty()) {
      throw new IllegalArgumentException("a late element belongs to at least one window");
    }
    if (lateness.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("lateness must be >= 0, found " + lateness);
    }
    List<IntervalWindow> sorted = new ArrayList<>(windows);
    sorted.sort(BY_START_THEN_END);
    return new LateElement<>(
        key, value, timestamp, Collections.unmodifiableList(sorted), inputWatermark, lateness);
  }

  /** The element's key. */
  public K key() {
    return key;
  }

  /** The element's value. */
  public V value() {
    return value;
  }

  /** The element's event timestamp. */
  public Instant timestamp() {
    return timestamp;
  }

  /** The windows the element was assigned to, all expired; ordered by start, then end. */
  public List<IntervalWindow> windows() {
    return windows;
  }

  /** The input watermark of the routing step when it saw the element. */
  public Instant inputWatermark() {
    return inputWatermark;
  }

  /** How far the watermark was past the last moment any of the element's windows took data. */
  public Duration lateness() {
    return lateness;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof LateElement)) {
      return false;
    }
    LateElement<?, ?> that = (LateElement<?, ?>) other;
    return Objects.equals(key, that.key)
        && Objects.equals(value, that.value)
        && timestamp.equals(that.timestamp)
        && windows.equals(that.windows)
        && inputWatermark.equals(that.inputWatermark)
        && lateness.equals(that.lateness);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, value, timestamp, windows, inputWatermark, lateness);
  }

  @Override
  public String toString() {
    return "LateElement{key="
        + key
        + ", value="
        + value
        + ", timestamp="
        + timestamp
        + ", windows="
        + windows
        + ", inputWatermark="
        + inputWatermark
        + ", lateness="
        + lateness
        + "}";
  }
}
