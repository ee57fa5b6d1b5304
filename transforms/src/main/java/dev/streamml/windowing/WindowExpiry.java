package dev.streamml.windowing;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Beam's rule for when a window stops taking data, as in {@code
 * org.apache.beam.runners.core.LateDataUtils} and {@code LateDataDroppingDoFnRunner}: a window is
 * expired once the input watermark is strictly after its garbage-collection time, the end of the
 * window plus the allowed lateness (capped at the end of the global window).
 *
 * <pre>{@code
 * Instant gc = WindowExpiry.garbageCollectionTime(window, Duration.standardMinutes(5));
 * boolean expired = gc.isBefore(inputWatermark);
 * }</pre>
 */
final class WindowExpiry {
  private WindowExpiry() {}

  /** The last instant at which {@code window} still accepts data. */
  static Instant garbageCollectionTime(BoundedWindow window, Duration allowedLateness) {
    Instant endOfTime = GlobalWindow.INSTANCE.maxTimestamp();
    // Same overflow guard as Beam: maxTimestamp + lateness must not pass the end of time.
    if (endOfTime.minus(allowedLateness).isBefore(window.maxTimestamp())) {
      return endOfTime;
    }
    return window.maxTimestamp().plus(allowedLateness);
  }
}
