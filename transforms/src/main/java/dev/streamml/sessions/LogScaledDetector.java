package dev.streamml.sessions;

import dev.streamml.anomaly.AnomalyDetector;
import java.util.Objects;

/**
 * Scores and learns points through another detector after taking {@code log(1 + x)} of every
 * feature. Session features (requests, bytes, durations) are heavy-tailed: on a log scale a
 * session ten times longer than usual is as far out as one ten times shorter, and a robust
 * detector's median and MAD describe the bulk of sessions instead of being dragged by the tail.
 * Features must be at least 0; a negative one is scored and learned as 0.
 *
 * <pre>{@code
 * AnomalyDetector detector = LogScaledDetector.of(RobustZScoreDetector.create());
 * double score = detector.score(new double[] {requests, bytes, durationSeconds});
 * }</pre>
 */
public final class LogScaledDetector implements AnomalyDetector {
  private static final long serialVersionUID = 1L;

  private final AnomalyDetector inner;

  private LogScaledDetector(AnomalyDetector inner) {
    this.inner = Objects.requireNonNull(inner, "inner");
  }

  /** {@code inner} on log-scaled features. */
  public static LogScaledDetector of(AnomalyDetector inner) {
    return new LogScaledDetector(inner);
  }

  @Override
  public String id() {
    return "log-" + inner.id();
  }

  @Override
  public boolean isWarm() {
    return inner.isWarm();
  }

  @Override
  public double score(double[] point) {
    return inner.score(logScaled(point));
  }

  @Override
  public void learn(double[] point) {
    inner.learn(logScaled(point));
  }

  @Override
  public long count() {
    return inner.count();
  }

  @Override
  public LogScaledDetector copy() {
    return new LogScaledDetector(inner.copy());
  }

  private static double[] logScaled(double[] point) {
    double[] scaled = new double[point.length];
    for (int i = 0; i < point.length; i++) {
      scaled[i] = Math.log1p(Math.max(0.0, point[i]));
    }
    return scaled;
  }

  @Override
  public String toString() {
    return "LogScaled{" + inner + "}";
  }
}
