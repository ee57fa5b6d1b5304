package dev.streamml.drift;

/**
 * What a {@link DriftDetector} concluded after the last value it saw.
 *
 * <pre>{@code
 * DriftDetector ddm = Ddm.create();
 * if (ddm.update(wrong ? 1 : 0) == DriftState.DRIFT) {
 *   model = freshModel(); // the concept changed: start over
 * }
 * }</pre>
 */
public enum DriftState {
  /** No evidence of change. */
  NONE,
  /** The statistic moved towards the drift level; a change may be starting. */
  WARNING,
  /** A change was detected at this value; the detector has started over on the new concept. */
  DRIFT
}
