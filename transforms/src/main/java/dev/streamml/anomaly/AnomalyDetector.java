package dev.streamml.anomaly;

import java.io.Serializable;

/**
 * An online anomaly detector for one key's stream: it scores a point against what it has learned
 * from earlier points, then learns from it. Scores lie in [0, 1], higher meaning more anomalous.
 *
 * <p>Contract, which {@code AnomalyDetection} relies on:
 *
 * <ul>
 *   <li>{@link #score} never changes the detector; {@link #learn} is the only update. The transform
 *       calls {@code score(x)} and then {@code learn(x)} for each point in event-time order, so a
 *       score at time t depends only on points at or before t.
 *   <li>Memory is bounded: a detector keeps a fixed-size summary (counts, moments, sketches, a ring
 *       buffer of bounded length), never an unbounded list.
 *   <li>While {@link #isWarm()} is false the detector has too little data and its score is not used
 *       to label points (the label is WARMUP).
 *   <li>{@link #copy()} returns an independent deep copy (state snapshots, runners that reuse
 *       objects).
 * </ul>
 *
 * <pre>{@code
 * AnomalyDetector detector = ZScoreDetector.overLast(500);
 * for (double[] point : points) {
 *   double score = detector.score(point);
 *   detector.learn(point);
 * }
 * }</pre>
 */
public interface AnomalyDetector extends Serializable {

  /** A short stable name, such as {@code zscore}, used in results and the CLI. */
  String id();

  /** Whether enough points were learned for scores to mean something. */
  boolean isWarm();

  /** How anomalous {@code point} is given the points learned so far, in [0, 1]. */
  double score(double[] point);

  /** Learns {@code point}. */
  void learn(double[] point);

  /** Number of points learned. */
  long count();

  /** An independent deep copy. */
  AnomalyDetector copy();
}
