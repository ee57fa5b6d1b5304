package dev.streamml.flinkpatch;

import org.apache.beam.sdk.util.ReleaseInfo;

/**
 * Tells whether streamml's patch of Beam's Flink runner is in effect: Beam 2.70.0's {@code
 * DoFnOperator} with the held watermark forwarded as soon as a bundle finishes.
 *
 * <p>Why it exists: Beam's operator does not pass a watermark downstream while a bundle is open,
 * and on a steady stream the operators between a Kafka source and a keyed step nearly always have
 * one open, so event-time results (anomaly scores, window panes) came out in bursts seconds late.
 * The patched class ({@code org.apache.beam.runners.flink.translation.wrappers.streaming
 * .DoFnOperator} in this artifact) changes only that; its serialised form is Beam's, so a job
 * translated with either class runs with the other. It works only if it comes before {@code
 * beam-runners-flink-1.19} on the classpath: declare this artifact first, and drop Beam's copy of
 * the class from shaded jars.
 *
 * <p>Usage, in a pipeline of your own on the Flink runner:
 *
 * <pre>{@code
 * if (!FlinkRunnerPatch.isApplied()) {
 *   LOG.warn(FlinkRunnerPatch.describe());
 * }
 * }</pre>
 */
public final class FlinkRunnerPatch {

  /** The Beam release whose {@code DoFnOperator} the patch is a copy of. */
  public static final String PATCHED_BEAM_VERSION = "2.70.0";

  static final String OPERATOR_CLASS =
      "org.apache.beam.runners.flink.translation.wrappers.streaming.DoFnOperator";

  /** A private method only the patched class has. */
  static final String PATCH_MARKER_METHOD = "canForwardHeldWatermark";

  private FlinkRunnerPatch() {}

  /** Whether the {@code DoFnOperator} this class's loader sees is the patched one. */
  public static boolean isApplied() {
    try {
      Class<?> operator = Class.forName(OPERATOR_CLASS, false, FlinkRunnerPatch.class.getClassLoader());
      operator.getDeclaredMethod(PATCH_MARKER_METHOD);
      return true;
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      return false;
    }
  }

  /** Whether the Beam on the classpath is the release the patch was made from. */
  public static boolean matchesBeamVersion() {
    return PATCHED_BEAM_VERSION.equals(ReleaseInfo.getReleaseInfo().getVersion());
  }

  /** One line for logs and reports: whether the patch is in effect, and if not, why. */
  public static String describe() {
    if (!matchesBeamVersion()) {
      return "flink watermark patch: made for Beam " + PATCHED_BEAM_VERSION + ", this is Beam "
          + ReleaseInfo.getReleaseInfo().getVersion() + " (re-apply it or drop it)";
    }
    return isApplied()
        ? "flink watermark patch: applied (watermark forwarded when a bundle finishes)"
        : "flink watermark patch: not applied (Beam's DoFnOperator comes first on the classpath)";
  }
}
