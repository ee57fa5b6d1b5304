package dev.streamml.features;

import org.apache.beam.sdk.transforms.windowing.PaneInfo;

/**
 * When a {@link WindowFeatures} pane fired relative to the watermark: Beam's {@link
 * PaneInfo.Timing} as a plain enum that the feature record carries and encodes.
 *
 * <pre>{@code
 * features.apply(Filter.by(f -> f.getPaneTiming() != PaneTiming.EARLY)); // drop speculative panes
 * }</pre>
 */
public enum PaneTiming {
  // WindowFeaturesCoder encodes the ordinal: add new values at the end, never reorder.
  /** Fired before the watermark passed the end of the window (a speculative result). */
  EARLY,
  /** Fired when the watermark passed the end of the window. */
  ON_TIME,
  /** Fired after the watermark passed the end of the window, for data within allowed lateness. */
  LATE,
  /** The runner did not say. */
  UNKNOWN;

  /** The timing of Beam's {@code pane}. */
  public static PaneTiming of(PaneInfo pane) {
    switch (pane.getTiming()) {
      case EARLY:
        return EARLY;
      case ON_TIME:
        return ON_TIME;
      case LATE:
        return LATE;
      default:
        return UNKNOWN;
    }
  }
}
