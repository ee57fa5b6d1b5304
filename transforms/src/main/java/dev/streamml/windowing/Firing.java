package dev.streamml.windowing;

import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.Trigger.OnceTrigger;
import org.joda.time.Duration;

/**
 * When an extra (early or late) pane fires: once a pane holds a number of elements, or a
 * processing-time delay after its first element. Text forms: {@code each} (every element), {@code
 * count:<n>}, or a duration such as {@code 30s}.
 *
 * <pre>{@code
 * // AfterProcessingTime.pastFirstElementInPane().plusDelayOf(30s)
 * Firing.parse("30s").toTrigger();
 * Firing.parse("each").toTrigger(); // AfterPane.elementCountAtLeast(1)
 * }</pre>
 */
final class Firing implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String ACCEPTED_FORMS = "each|count:<n>|<duration>";

  /** Elements in the pane before it fires; 0 when the firing is by processing time. */
  private final int elementCount;

  /** Processing-time delay after the pane's first element; null when firing by count. */
  private final Duration delay;

  private Firing(int elementCount, Duration delay) {
    this.elementCount = elementCount;
    this.delay = delay;
  }

  static Firing everyElements(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("element count must be >= 1, found " + count);
    }
    return new Firing(count, null);
  }

  static Firing afterProcessingTime(Duration delay) {
    if (delay == null) {
      throw new IllegalArgumentException("processing-time delay must be given, found null");
    }
    if (!delay.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          "processing-time delay must be > 0, found " + DurationText.format(delay));
    }
    return new Firing(0, delay);
  }

  static Firing parse(String text) {
    if ("each".equals(text)) {
      return everyElements(1);
    }
    if (text.startsWith("count:")) {
      String count = text.substring("count:".length());
      try {
        return everyElements(Integer.parseInt(count));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad element count '" + count + "'");
      }
    }
    return afterProcessingTime(DurationText.parse(text));
  }

  boolean isByProcessingTime() {
    return delay != null;
  }

  OnceTrigger toTrigger() {
    return isByProcessingTime()
        ? AfterProcessingTime.pastFirstElementInPane().plusDelayOf(delay)
        : AfterPane.elementCountAtLeast(elementCount);
  }

  @Override
  public String toString() {
    if (isByProcessingTime()) {
      return DurationText.format(delay);
    }
    return elementCount == 1 ? "each" : "count:" + elementCount;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Firing)) {
      return false;
    }
    Firing that = (Firing) other;
    return elementCount == that.elementCount && Objects.equals(delay, that.delay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(elementCount, delay);
  }
}
