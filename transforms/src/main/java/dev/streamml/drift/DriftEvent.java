package dev.streamml.drift;

import java.io.Serializable;
import java.util.Objects;
import org.joda.time.Instant;

/**
 * A drift or warning that {@link DetectDrift} found in one key's stream: at which value (its event
 * timestamp), by which detector, and how many drifts the key has seen so far, this one included.
 *
 * <pre>{@code
 * PCollection<DriftEvent> drifts = errors.apply(DetectDrift.of(Adwin.create()));
 * drifts.apply(
 *     MapElements.into(TypeDescriptors.strings())
 *         .via((DriftEvent e) -> e.key() + " " + e.state() + " at " + e.timestamp()));
 * }</pre>
 */
public final class DriftEvent implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String key;
  private final Instant timestamp;
  private final String detector;
  private final DriftState state;
  private final long detections;
  private final long count;

  private DriftEvent(
      String key,
      Instant timestamp,
      String detector,
      DriftState state,
      long detections,
      long count) {
    this.key = key;
    this.timestamp = timestamp;
    this.detector = detector;
    this.state = state;
    this.detections = detections;
    this.count = count;
  }

  /** An event; every argument is required. */
  public static DriftEvent of(
      String key,
      Instant timestamp,
      String detector,
      DriftState state,
      long detections,
      long count) {
    return new DriftEvent(
        Objects.requireNonNull(key, "key"),
        Objects.requireNonNull(timestamp, "timestamp"),
        Objects.requireNonNull(detector, "detector"),
        Objects.requireNonNull(state, "state"),
        detections,
        count);
  }

  /** The key whose stream changed. */
  public String key() {
    return key;
  }

  /** Event time of the value at which the state was raised. */
  public Instant timestamp() {
    return timestamp;
  }

  /** {@link DriftDetector#id()} of the detector. */
  public String detector() {
    return detector;
  }

  /** {@link DriftState#WARNING} or {@link DriftState#DRIFT}. */
  public DriftState state() {
    return state;
  }

  /** Drifts detected in the key's stream up to and including this value. */
  public long detections() {
    return detections;
  }

  /** Values of the key seen up to and including this one. */
  public long count() {
    return count;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DriftEvent)) {
      return false;
    }
    DriftEvent that = (DriftEvent) o;
    return key.equals(that.key)
        && timestamp.equals(that.timestamp)
        && detector.equals(that.detector)
        && state == that.state
        && detections == that.detections
        && count == that.count;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, timestamp, detector, state, detections, count);
  }

  @Override
  public String toString() {
    return "DriftEvent{key="
        + key
        + ", timestamp="
        + timestamp
        + ", detector="
        + detector
        + ", state="
        + state
        + ", detections="
        + detections
        + ", count="
        + count
        + "}";
  }
}
