package dev.streamml.drift;

import java.io.Serializable;

/**
 * An online change detector for one stream of numbers, such as the 0/1 errors of a classifier or a
 * per-event loss. Each value is seen once, in stream order, and memory stays bounded.
 *
 * <p>Contract, which {@code DetectDrift} relies on:
 *
 * <ul>
 *   <li>{@link #update} returns {@link DriftState#DRIFT} exactly at the value where a change is
 *       detected, and the detector then forgets the old concept itself (drops its window or resets
 *       its statistics): the caller never has to reset it.
 *   <li>{@link #detections()} counts the DRIFT results since the detector was created.
 *   <li>{@link #copy()} returns an independent deep copy (state snapshots, runners that reuse
 *       objects); {@code withX} settings methods return new, empty detectors.
 * </ul>
 *
 * <pre>{@code
 * DriftDetector detector = Ddm.create();
 * for (boolean wrong : errors) {
 *   if (detector.update(wrong ? 1 : 0) == DriftState.DRIFT) {
 *     model = retrain();
 *   }
 * }
 * }</pre>
 */
public interface DriftDetector extends Serializable {

  /** A short stable name, such as {@code adwin}, used in drift events. */
  String id();

  /** Adds the next value of the stream and returns the state after it. */
  DriftState update(double value);

  /** The state returned by the last {@link #update}, {@link DriftState#NONE} before any. */
  DriftState state();

  /** Whether the last {@link #update} returned {@link DriftState#WARNING}. */
  default boolean inWarning() {
    return state() == DriftState.WARNING;
  }

  /** Number of drifts detected since the detector was created. */
  long detections();

  /** Number of values seen since the detector was created. */
  long count();

  /** An independent deep copy. */
  DriftDetector copy();
}
