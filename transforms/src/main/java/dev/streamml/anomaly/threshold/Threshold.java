package dev.streamml.anomaly.threshold;

import java.io.Serializable;

/**
 * Decides whether an anomaly score is high enough to call the point anomalous. A threshold may
 * learn from the scores it sees ({@link #update}); like detectors it is updated after it judged a
 * point, so a decision at time t depends on scores up to t only.
 *
 * <pre>{@code
 * Threshold threshold = OnlineQuantileThreshold.of(0.995);
 * boolean anomalous = threshold.isAnomaly(score);
 * threshold.update(score);
 * }</pre>
 */
public interface Threshold extends Serializable {

  /** Whether {@code score} is anomalous given the scores seen so far. */
  boolean isAnomaly(double score);

  /** Records a score; fixed thresholds ignore it. */
  void update(double score);

  /** The current cut-off value. */
  double value();

  /** An independent deep copy. */
  Threshold copy();
}
