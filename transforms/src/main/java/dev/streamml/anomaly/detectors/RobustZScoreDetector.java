package dev.streamml.anomaly.detectors;

import dev.streamml.anomaly.AnomalyDetector;

/**
 * Flags points far from the median of the last {@code N} points in units of their median absolute
 * deviation (MAD), the modified z-score of Iglewicz and Hoaglin: {@code z = (x - median) / (1.4826
 * MAD)}. Unlike the mean and standard deviation, median and MAD ignore a few outliers in the window,
 * so a burst of anomalies does not hide the next one.
 *
 * <p>The statistics are exact: each feature keeps its last {@code N} values in a ring buffer and
 * in a sorted array beside it (no sketch), so memory is {@code 2 N} doubles per feature, learning
 * costs O(N) for the insertion shift and scoring O(N) for the MAD. When more than half the window
 * holds one value the MAD is 0 and the mean absolute deviation times 1.2533 takes its place; when
 * that is 0 too, a point equal to the median scores 0 and any other 1.
 *
 * <p>Scores map {@code |z|} to [0, 1] like {@link ZScoreDetector}: {@code 1 - 2 (1 - Phi(|z|))}.
 * A point with several features scores the largest of its features' scores. Scores are 0 until
 * two points were learned; the detector is warm after {@link #DEFAULT_MIN_POINTS}. Non-finite
 * feature values score 0 and are not learned.
 *
 * <pre>{@code
 * AnomalyDetector detector = RobustZScoreDetector.overLast(1000);
 * double score = detector.score(new double[] {cpu});
 * detector.learn(new double[] {cpu});
 * }</pre>
 */
public final class RobustZScoreDetector implements AnomalyDetector {

  private static final long serialVersionUID = 1L;

  /** Window length used by {@link #create()}. */
  public static final int DEFAULT_WINDOW = 500;

  /** Points learned before the detector is warm. */
  public static final int DEFAULT_MIN_POINTS = 30;

  /** MAD times this estimates the standard deviation of normal data: 1 / Phi^-1(3/4). */
  static final double MAD_TO_SIGMA = 1.4826;

  /** Mean absolute deviation times this estimates the standard deviation: sqrt(pi / 2). */
  static final double MEAN_AD_TO_SIGMA = 1.2533;

  private final int window;
  private final int minPoints;

  private long count;
  private SortedWindow[] values;

  private RobustZScoreDetector(int window, int minPoints) {
    this.window = window;
    this.minPoints = minPoints;
  }

  /** A detector over the last {@link #DEFAULT_WINDOW} points. */
  public static RobustZScoreDetector create() {
    return overLast(DEFAULT_WINDOW);
  }

  /** Median and MAD of the last {@code window} points (at least 2). */
  public static RobustZScoreDetector overLast(int window) {
    Points.checkAtLeast("window", window, 2);
    return new RobustZScoreDetector(window, DEFAULT_MIN_POINTS);
  }

  /** A new, untrained detector with the same window that is warm after {@code minPoints}. */
  public RobustZScoreDetector withMinPoints(int minPoints) {
    Points.checkAtLeast("minPoints", minPoints, 1);
    return new RobustZScoreDetector(window, minPoints);
  }

  @Override
  public String id() {
    return "robust-zscore";
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
    Points.checkDimension(point, values == null ? 0 : values.length);
    if (values == null) {
      return 0.0;
    }
    double score = 0.0;
    for (int f = 0; f < values.length; f++) {
      score = Math.max(score, Gaussian.twoSidedScore(robustZ(values[f], point[f])));
    }
    return score;
  }

  /** The modified z-score of {@code x} against {@code window}; 0 when it cannot be computed. */
  static double robustZ(SortedWindow window, double x) {
    if (!Double.isFinite(x) || window.size() < 2) {
      return 0.0;
    }
    double median = window.median();
    double deviation = Math.abs(x - median);
    double sigma = MAD_TO_SIGMA * window.medianAbsoluteDeviation(median);
    if (!(sigma > 0)) {
      sigma = MEAN_AD_TO_SIGMA * window.meanAbsoluteDeviation(median);
    }
    if (!(sigma > 0)) {
      return deviation <= 1e-12 * Math.max(1.0, Math.abs(median)) ? 0.0 : Double.POSITIVE_INFINITY;
    }
    return deviation / sigma;
  }

  @Override
  public void learn(double[] point) {
    Points.checkDimension(point, values == null ? 0 : values.length);
    if (values == null) {
      values = new SortedWindow[point.length];
      for (int f = 0; f < point.length; f++) {
        values[f] = new SortedWindow(window);
      }
    }
    for (int f = 0; f < values.length; f++) {
      if (Double.isFinite(point[f])) {
        values[f].add(point[f]);
      }
    }
    count++;
  }

  @Override
  public RobustZScoreDetector copy() {
    RobustZScoreDetector copy = new RobustZScoreDetector(window, minPoints);
    copy.count = count;
    if (values != null) {
      copy.values = new SortedWindow[values.length];
      for (int f = 0; f < values.length; f++) {
        copy.values[f] = values[f].copy();
      }
    }
    return copy;
  }

  @Override
  public String toString() {
    return "RobustZScoreDetector{overLast=" + window + ", minPoints=" + minPoints + "}";
  }
}
