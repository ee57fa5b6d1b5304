package dev.streamml.anomaly.threshold;

import dev.streamml.anomaly.AnomalyDetector;

/**
 * Wraps a detector so that it learns only from points it judges normal: {@link #learn} first
 * scores the point and skips the wrapped detector's update when the {@link Threshold} calls the
 * score anomalous (while the detector is warm; a cold detector learns everything). Anomalies then
 * do not inflate the model's spread, so a burst of them stays visible.
 *
 * <p>The risk: a lasting change of level or spread is anomalous to the old model forever, so the
 * model never sees the new normal and flags every later point. To bound that, after {@code
 * maxConsecutiveSkips} skipped points in a row ({@link #DEFAULT_MAX_CONSECUTIVE_SKIPS} unless set)
 * the next point is learned anyway, so the model catches up at a rate of one point in {@code
 * maxConsecutiveSkips + 1}. Use {@link Integer#MAX_VALUE} to never force learning. The threshold
 * sees every score.
 *
 * <p>{@link #count()} is the number of points the wrapped detector learned; {@link #skipped()} the
 * number it did not.
 *
 * <pre>{@code
 * AnomalyDetector detector =
 *     NormalOnlyDetector.wrap(ZScoreDetector.overLast(500), FixedThreshold.of(0.999))
 *         .withMaxConsecutiveSkips(50);
 * }</pre>
 */
public final class NormalOnlyDetector implements AnomalyDetector {

  private static final long serialVersionUID = 1L;

  public static final int DEFAULT_MAX_CONSECUTIVE_SKIPS = 100;

  private final AnomalyDetector detector;
  private final Threshold threshold;
  private final int maxConsecutiveSkips;
  private long skipped;
  private int consecutiveSkips;

  private NormalOnlyDetector(
      AnomalyDetector detector, Threshold threshold, int maxConsecutiveSkips) {
    this.detector = detector;
    this.threshold = threshold;
    this.maxConsecutiveSkips = maxConsecutiveSkips;
  }

  /** {@code detector} (copied) learning only points that {@code threshold} calls normal. */
  public static NormalOnlyDetector wrap(AnomalyDetector detector, Threshold threshold) {
    if (detector == null || threshold == null) {
      throw new IllegalArgumentException("detector and threshold should not be null");
    }
    return new NormalOnlyDetector(
        detector.copy(), threshold.copy(), DEFAULT_MAX_CONSECUTIVE_SKIPS);
  }

  /** The same wrapper that forces learning after {@code max} (at least 0) skips in a row. */
  public NormalOnlyDetector withMaxConsecutiveSkips(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("maxConsecutiveSkips should be non-negative, got " + max);
    }
    NormalOnlyDetector copy = new NormalOnlyDetector(detector.copy(), threshold.copy(), max);
    copy.skipped = skipped;
    copy.consecutiveSkips = consecutiveSkips;
    return copy;
  }

  @Override
  public String id() {
    return detector.id() + "-normal-only";
  }

  @Override
  public boolean isWarm() {
    return detector.isWarm();
  }

  @Override
  public double score(double[] point) {
    return detector.score(point);
  }

  @Override
  public void learn(double[] point) {
    double score = detector.score(point);
    boolean anomalous = detector.isWarm() && threshold.isAnomaly(score);
    threshold.update(score);
    if (anomalous && consecutiveSkips < maxConsecutiveSkips) {
      consecutiveSkips++;
      skipped++;
      return;
    }
    consecutiveSkips = 0;
    detector.learn(point);
  }

  @Override
  public long count() {
    return detector.count();
  }

  /** Points not learned because they were judged anomalous. */
  public long skipped() {
    return skipped;
  }

  @Override
  public NormalOnlyDetector copy() {
    NormalOnlyDetector copy =
        new NormalOnlyDetector(detector.copy(), threshold.copy(), maxConsecutiveSkips);
    copy.skipped = skipped;
    copy.consecutiveSkips = consecutiveSkips;
    return copy;
  }

  @Override
  public String toString() {
    return "NormalOnlyDetector{" + detector + ", " + threshold + "}";
  }
}
