package dev.streamml.anomaly.detectors;

import dev.streamml.anomaly.AnomalyDetector;

/**
 * Flags points far from the recent mean in units of the recent standard deviation. The moments
 * come either from the last {@code N} points (exact, sliding Welford updates over a ring buffer of
 * {@code N} values per feature) or from an exponentially weighted average with a half-life in
 * points (two numbers per feature).
 *
 * <p>The score of a feature is {@code 1 - 2 (1 - Phi(|z|))} with {@code z = (x - mean) / std}
 * and the population standard deviation: 0 at the mean, 0.68 at one standard deviation, 0.95 at
 * two, 0.997 at three. With zero deviation a point equal to the mean scores 0 and any other 1. A
 * point with several features scores the largest of its features' scores. Until two points were
 * learned every score is 0; the detector is warm after {@link #DEFAULT_MIN_POINTS} points unless
 * {@link #withMinPoints} says otherwise. Non-finite feature values score 0 and are not learned.
 *
 * <pre>{@code
 * AnomalyDetector last500 = ZScoreDetector.overLast(500);
 * AnomalyDetector smooth = ZScoreDetector.withHalfLife(200).withMinPoints(100);
 * double score = last500.score(new double[] {latencyMs});
 * last500.learn(new double[] {latencyMs});
 * }</pre>
 */
public final class ZScoreDetector implements AnomalyDetector {

  private static final long serialVersionUID = 1L;

  /** Points learned before the detector is warm. */
  public static final int DEFAULT_MIN_POINTS = 30;

  /** Window length used by {@link #create()}. */
  public static final int DEFAULT_WINDOW = 500;

  // Settings: window > 0 for a sliding window, else halfLife > 0 for exponential weighting.
  private final int window;
  private final double halfLife;
  private final int minPoints;

  // Model.
  private long count;
  private int dimension;
  private long[] seen; // per feature: finite values learned
  private double[] mean;
  private double[] m2; // sum of squared deviations (window) or variance (exponential)
  private double[][] ring; // window mode only: last values per feature
  private int[] next;

  private ZScoreDetector(int window, double halfLife, int minPoints) {
    this.window = window;
    this.halfLife = halfLife;
    this.minPoints = minPoints;
  }

  /** A detector over the last {@link #DEFAULT_WINDOW} points. */
  public static ZScoreDetector create() {
    return overLast(DEFAULT_WINDOW);
  }

  /** Mean and standard deviation of the last {@code window} points (at least 2). */
  public static ZScoreDetector overLast(int window) {
    Points.checkAtLeast("window", window, 2);
    return new ZScoreDetector(window, 0, DEFAULT_MIN_POINTS);
  }

  /**
   * Exponentially weighted mean and variance whose weights halve every {@code halfLife} points,
   * so that {@code alpha = 1 - 2^(-1 / halfLife)}.
   */
  public static ZScoreDetector withHalfLife(double halfLife) {
    Points.checkPositive("halfLife", halfLife);
    return new ZScoreDetector(0, halfLife, DEFAULT_MIN_POINTS);
  }

  /** A new, untrained detector with the same settings that is warm after {@code minPoints}. */
  public ZScoreDetector withMinPoints(int minPoints) {
    Points.checkAtLeast("minPoints", minPoints, 1);
    return new ZScoreDetector(window, halfLife, minPoints);
  }

  @Override
  public String id() {
    return "zscore";
  }

  @Override
  public boolean isWarm() {
    return count >= minPoints;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public double score(double[] point) {
    Points.checkDimension(point, dimension);
    if (dimension == 0) {
      return 0.0;
    }
    double score = 0.0;
    for (int f = 0; f < dimension; f++) {
      score = Math.max(score, scoreFeature(f, point[f]));
    }
    return score;
  }

  private double scoreFeature(int f, double x) {
    if (!Double.isFinite(x) || seen[f] < 2) {
      return 0.0;
    }
    double variance = window > 0 ? m2[f] / Math.min(seen[f], window) : m2[f];
    double deviation = Math.abs(x - mean[f]);
    if (!(variance > 0)) {
      return deviation <= 1e-12 * Math.max(1.0, Math.abs(mean[f])) ? 0.0 : 1.0;
    }
    return Gaussian.twoSidedScore(deviation / Math.sqrt(variance));
  }

  @Override
  public void learn(double[] point) {
    Points.checkDimension(point, dimension);
    if (dimension == 0) {
      allocate(point.length);
    }
    for (int f = 0; f < dimension; f++) {
      if (Double.isFinite(point[f])) {
        if (window > 0) {
          learnWindowed(f, point[f]);
        } else {
          learnWeighted(f, point[f]);
        }
      }
    }
    count++;
  }

  private void allocate(int d) {
    dimension = d;
    seen = new long[d];
    mean = new double[d];
    m2 = new double[d];
    if (window > 0) {
      ring = new double[d][window];
      next = new int[d];
    }
  }

  private void learnWindowed(int f, double x) {
    if (seen[f] >= window) {
      // Welford removal of the value leaving the window.
      double old = ring[f][next[f]];
      int n = window - 1;
      double delta = old - mean[f];
      mean[f] -= delta / n;
      m2[f] = Math.max(0.0, m2[f] - delta * (old - mean[f]));
    }
    int n = (int) Math.min(seen[f], window - 1) + 1;
    double delta = x - mean[f];
    mean[f] += delta / n;
    m2[f] += delta * (x - mean[f]);
    ring[f][next[f]] = x;
    next[f] = (next[f] + 1) % window;
    seen[f]++;
    if (next[f] == 0) {
      recompute(f);
    }
  }

  // Sliding updates drift by rounding; a full pass once per window keeps the cost O(1) per point.
  private void recompute(int f) {
    double sum = 0.0;
    for (double v : ring[f]) {
      sum += v;
    }
    double m = sum / window;
    double squares = 0.0;
    for (double v : ring[f]) {
      squares += (v - m) * (v - m);
    }
    mean[f] = m;
    m2[f] = squares;
  }

  private void learnWeighted(int f, double x) {
    if (seen[f] == 0) {
      mean[f] = x;
      m2[f] = 0.0;
    } else {
      double alpha = 1.0 - Math.pow(2.0, -1.0 / halfLife);
      double delta = x - mean[f];
      mean[f] += alpha * delta;
      m2[f] = (1.0 - alpha) * (m2[f] + alpha * delta * delta);
    }
    seen[f]++;
  }

  @Override
  public ZScoreDetector copy() {
    ZScoreDetector copy = new ZScoreDetector(window, halfLife, minPoints);
    copy.count = count;
    copy.dimension = dimension;
    if (dimension > 0) {
      copy.seen = seen.clone();
      copy.mean = mean.clone();
      copy.m2 = m2.clone();
      if (ring != null) {
        copy.ring = new double[dimension][];
        for (int f = 0; f < dimension; f++) {
          copy.ring[f] = ring[f].clone();
        }
        copy.next = next.clone();
      }
    }
    return copy;
  }

  @Override
  public String toString() {
    return window > 0
        ? "ZScoreDetector{overLast=" + window + ", minPoints=" + minPoints + "}"
        : "ZScoreDetector{halfLife=" + halfLife + ", minPoints=" + minPoints + "}";
  }
}
