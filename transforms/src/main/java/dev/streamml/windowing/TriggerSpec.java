package dev.streamml.windowing;

import java.io.Serializable;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark.AfterWatermarkEarlyAndLate;
import org.apache.beam.sdk.transforms.windowing.Trigger;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.Window.ClosingBehavior;
import org.apache.beam.sdk.transforms.windowing.Window.OnTimeBehavior;
import org.apache.beam.sdk.values.WindowingStrategy.AccumulationMode;
import org.joda.time.Duration;

/**
 * When the panes of an event-time window fire, how long a window waits for late data, and whether
 * panes accumulate.
 *
 * <p>A window always fires once when the watermark passes its end (the on-time pane). On top of
 * that a spec may add:
 *
 * <ul>
 *   <li><b>early firings</b> before the watermark, either a processing-time delay after the first
 *       element of a pane ({@code early=30s}, {@code AfterProcessingTime.pastFirstElementInPane()
 *       .plusDelayOf(30s)}) or every {@code n} elements ({@code early=count:100});
 *   <li><b>late firings</b> for data that arrives after the watermark but within the allowed
 *       lateness: on each late element ({@code late=each}, the default), every {@code n} late
 *       elements ({@code late=count:10}) or a processing-time delay ({@code late=1m}). Late data
 *       that has not fired yet is emitted when the window expires, so nothing within the lateness
 *       is lost. Late firings only matter when the allowed lateness is above 0;
 *   <li><b>allowed lateness</b> ({@code lateness=10m}, default {@code 0}): how long after its end a
 *       window still takes data. Data later than that is not windowed; {@link EventTimeWindows}
 *       routes it to a side output;
 *   <li><b>accumulating</b> panes (each pane holds everything so far) or <b>discarding</b> panes
 *       (each pane holds only what arrived since the last one, the default).
 * </ul>
 *
 * <p>The text form is comma-separated parts, each at most once, in any order; missing parts keep
 * the values of {@link #DEFAULT}. {@link #toString()} gives the canonical text, which {@link
 * #parse} reads back to an equal spec. Every spec is checked when it is built: a bad one throws
 * {@link IllegalArgumentException} naming the bad part and the accepted forms.
 *
 * <pre>{@code
 * TriggerSpec spec = TriggerSpec.parse("early=30s,late=each,lateness=10m,accumulating");
 * spec.equals(
 *     TriggerSpec.atWatermark()
 *         .withEarlyFirings(Duration.standardSeconds(30))
 *         .withLateFiringsOnEachElement()
 *         .withAllowedLateness(Duration.standardMinutes(10))
 *         .accumulating());                          // true
 * TriggerSpec.parse("lateness=0,discarding").equals(TriggerSpec.DEFAULT); // true
 * events.apply(spec.applyTo(Window.into(WindowSpec.parse("fixed:1m").toWindowFn())));
 * }</pre>
 */
public final class TriggerSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Allowed lateness unless set otherwise: none. */
  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ZERO;

  /** Accumulation mode unless set otherwise: discarding. */
  public static final AccumulationMode DEFAULT_ACCUMULATION_MODE =
      AccumulationMode.DISCARDING_FIRED_PANES;

  /**
   * Fire at the watermark, no early firings, a late firing on each late element (when lateness is
   * above 0), lateness {@link #DEFAULT_ALLOWED_LATENESS}, {@link #DEFAULT_ACCUMULATION_MODE}.
   */
  public static final TriggerSpec DEFAULT =
      new TriggerSpec(
          null, Firing.everyElements(1), DEFAULT_ALLOWED_LATENESS, DEFAULT_ACCUMULATION_MODE);

  /** The accepted text forms, quoted in every parse error. */
  public static final String ACCEPTED_FORMS =
      "comma-separated parts, each at most once: early="
          + Firing.ACCEPTED_FORMS
          + "|none, late="
          + Firing.ACCEPTED_FORMS
          + ", lateness=<duration>|0, accumulating|discarding ("
          + DurationText.EXAMPLES
          + ")";

  private static final Set<String> PART_NAMES =
      Set.of("early", "late", "lateness", "accumulating", "discarding");

  /** Early firings, or null for none. */
  private final Firing early;

  private final Firing late;
  private final Duration allowedLateness;
  private final AccumulationMode accumulationMode;

  private TriggerSpec(
      Firing early, Firing late, Duration allowedLateness, AccumulationMode accumulationMode) {
    this.early = early;
    this.late = late;
    this.allowedLateness = allowedLateness;
    this.accumulationMode = accumulationMode;
  }

  /** Starts from {@link #DEFAULT}: fire when the watermark passes the end of the window. */
  public static TriggerSpec atWatermark() {
    return DEFAULT;
  }

  /**
   * Reads a spec from its text form, e.g. {@code early=30s,late=each,lateness=10m,accumulating}.
   *
   * @throws IllegalArgumentException naming the bad part and the accepted forms
   */
  public static TriggerSpec parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException(
          "invalid trigger spec: null; accepted forms: " + ACCEPTED_FORMS);
    }
    try {
      return parseChecked(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid trigger spec '"
              + text
              + "': "
              + e.getMessage()
              + "; accepted forms: "
              + ACCEPTED_FORMS,
          e);
    }
  }

  private static TriggerSpec parseChecked(String text) {
    if (text.trim().isEmpty()) {
      throw new IllegalArgumentException("no parts");
    }
    TriggerSpec spec = DEFAULT;
    Set<String> seen = new HashSet<>();
    for (String rawPart : text.split(",", -1)) {
      String part = rawPart.trim();
      int equals = part.indexOf('=');
      String name = equals < 0 ? part : part.substring(0, equals);
      String value = equals < 0 ? null : part.substring(equals + 1);
      if (!PART_NAMES.contains(name)) {
        throw new IllegalArgumentException("unknown part '" + part + "'");
      }
      String slot = name.equals("discarding") ? "accumulating" : name;
      if (!seen.add(slot)) {
        throw new IllegalArgumentException("'" + part + "' repeats or contradicts an earlier part");
      }
      try {
        spec = spec.withPart(name, value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad part '" + part + "': " + e.getMessage());
      }
    }
    return spec;
  }

  private TriggerSpec withPart(String name, String value) {
    switch (name) {
      case "early":
        requireValue(name, value);
        return "none".equals(value) ? withoutEarlyFirings() : withEarly(Firing.parse(value));
      case "late":
        requireValue(name, value);
        if ("none".equals(value)) {
          throw new IllegalArgumentException(
              "late firings cannot be turned off, or late data within the lateness would be"
                  + " dropped; set lateness=0 to take no late data");
        }
        return withLate(Firing.parse(value));
      case "lateness":
        requireValue(name, value);
        return withAllowedLateness(DurationText.parse(value));
      case "accumulating":
      case "discarding":
        if (value != null) {
          throw new IllegalArgumentException("'" + name + "' takes no value");
        }
        return name.equals("accumulating") ? accumulating() : discarding();
      default:
        throw new AssertionError("unhandled part " + name);
    }
  }

  private static void requireValue(String name, String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("'" + name + "' needs a value, as in " + name + "=...");
    }
  }

  /**
   * Adds early firings a processing-time {@code delay} after the first element of each pane.
   *
   * @throws IllegalArgumentException if {@code delay} is null or not positive
   */
  public TriggerSpec withEarlyFirings(Duration delay) {
    return withEarly(Firing.afterProcessingTime(delay));
  }

  /**
   * Adds early firings once a pane holds {@code elementCount} elements; unlike processing-time
   * firings these are deterministic in tests on every runner.
   *
   * @throws IllegalArgumentException if {@code elementCount} is below 1
   */
  public TriggerSpec withEarlyFiringsEvery(int elementCount) {
    return withEarly(Firing.everyElements(elementCount));
  }

  /** Removes early firings: the first pane is the on-time pane. */
  public TriggerSpec withoutEarlyFirings() {
    return new TriggerSpec(null, late, allowedLateness, accumulationMode);
  }

  private TriggerSpec withEarly(Firing firing) {
    return new TriggerSpec(firing, late, allowedLateness, accumulationMode);
  }

  /** Fires a late pane for each element that arrives within the allowed lateness (the default). */
  public TriggerSpec withLateFiringsOnEachElement() {
    return withLate(Firing.everyElements(1));
  }

  /**
   * Fires a late pane once {@code elementCount} late elements arrived; the rest fire when the
   * window expires.
   *
   * @throws IllegalArgumentException if {@code elementCount} is below 1
   */
  public TriggerSpec withLateFiringsEvery(int elementCount) {
    return withLate(Firing.everyElements(elementCount));
  }

  /**
   * Fires a late pane a processing-time {@code delay} after the first late element; what is left
   * fires when the window expires.
   *
   * @throws IllegalArgumentException if {@code delay} is null or not positive
   */
  public TriggerSpec withLateFirings(Duration delay) {
    return withLate(Firing.afterProcessingTime(delay));
  }

  private TriggerSpec withLate(Firing firing) {
    return new TriggerSpec(early, firing, allowedLateness, accumulationMode);
  }

  /**
   * How long after the end of a window data is still added to it.
   *
   * @throws IllegalArgumentException if {@code lateness} is null or negative
   */
  public TriggerSpec withAllowedLateness(Duration lateness) {
    if (lateness == null) {
      throw new IllegalArgumentException("allowed lateness must be given, found null");
    }
    if (lateness.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          "allowed lateness must be >= 0, found " + DurationText.format(lateness));
    }
    return new TriggerSpec(early, late, lateness, accumulationMode);
  }

  /** Each pane holds everything the window received so far. */
  public TriggerSpec accumulating() {
    return new TriggerSpec(early, late, allowedLateness, AccumulationMode.ACCUMULATING_FIRED_PANES);
  }

  /** Each pane holds only what arrived since the previous pane. */
  public TriggerSpec discarding() {
    return new TriggerSpec(early, late, allowedLateness, AccumulationMode.DISCARDING_FIRED_PANES);
  }

  /** How long after the end of a window data is still added to it. */
  public Duration allowedLateness() {
    return allowedLateness;
  }

  /** Whether panes accumulate or discard what earlier panes held. */
  public AccumulationMode accumulationMode() {
    return accumulationMode;
  }

  /**
   * Whether any firing waits on processing time; such firings depend on the wall clock, and on
   * Flink a {@code TestStream} cannot advance it.
   */
  public boolean firesOnProcessingTime() {
    return (early != null && early.isByProcessingTime())
        || (allowedLateness.isLongerThan(Duration.ZERO) && late.isByProcessingTime());
  }

  /**
   * The Beam trigger: {@code AfterWatermark.pastEndOfWindow()} with the early firings, and with the
   * late firings when the allowed lateness is above 0.
   */
  public Trigger toTrigger() {
    AfterWatermark.FromEndOfWindow onTime = AfterWatermark.pastEndOfWindow();
    boolean lateFirings = allowedLateness.isLongerThan(Duration.ZERO);
    if (early == null) {
      return lateFirings ? onTime.withLateFirings(late.toTrigger()) : onTime;
    }
    AfterWatermarkEarlyAndLate withEarly = onTime.withEarlyFirings(early.toTrigger());
    return lateFirings ? withEarly.withLateFirings(late.toTrigger()) : withEarly;
  }

  /**
   * Sets trigger, allowed lateness and accumulation mode on {@code window}.
   *
   * <p>No pane is ever empty: late data that has not fired when the window expires is emitted then
   * ({@link ClosingBehavior#FIRE_IF_NON_EMPTY}), and the on-time pane is left out when nothing
   * arrived since the previous pane ({@link OnTimeBehavior#FIRE_IF_NON_EMPTY}). Beam's default
   * would emit that empty on-time pane, which a sum reads as 0; worse, on the Flink runner (Beam
   * 2.70) it also emits a second, empty on-time pane whenever the watermark jumps past both the end
   * of a window and its allowed lateness at once.
   */
  public <T> Window<T> applyTo(Window<T> window) {
    Window<T> configured =
        window
            .triggering(toTrigger())
            .withAllowedLateness(allowedLateness, ClosingBehavior.FIRE_IF_NON_EMPTY)
            .withOnTimeBehavior(OnTimeBehavior.FIRE_IF_NON_EMPTY);
    return accumulationMode == AccumulationMode.ACCUMULATING_FIRED_PANES
        ? configured.accumulatingFiredPanes()
        : configured.discardingFiredPanes();
  }

  /**
   * The canonical text form, e.g. {@code early=30s,late=each,lateness=10m,accumulating}; {@link
   * #parse} reads it back.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (early != null) {
      text.append("early=").append(early).append(',');
    }
    text.append("late=").append(late);
    text.append(",lateness=").append(DurationText.format(allowedLateness));
    text.append(
        accumulationMode == AccumulationMode.ACCUMULATING_FIRED_PANES
            ? ",accumulating"
            : ",discarding");
    return text.toString();
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof TriggerSpec)) {
      return false;
    }
    TriggerSpec that = (TriggerSpec) other;
    return Objects.equals(early, that.early)
        && late.equals(that.late)
        && allowedLateness.equals(that.allowedLateness)
        && accumulationMode == that.accumulationMode;
  }

  @Override
  public int hashCode() {
    return Objects.hash(early, late, allowedLateness, accumulationMode);
  }
}
