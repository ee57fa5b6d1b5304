package dev.streamml.sessions;

import dev.streamml.anomaly.AnomalyDetector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Scores a point by how far its largest feature stands <em>above</em> the typical value, in robust
 * units, on a log scale: for each feature {@code y = log(1 + max(x, 0))}, {@code z = (y - median) /
 * max(1.4826 MAD, minScale)} over the last {@code window} points learned, and the score is {@code
 * 1 - 2 (1 - Phi(max z))} (0 when no feature is above its median).
 *
 * <p>Why this shape, for web sessions: session features are heavy-tailed counts and durations, so
 * the log scale keeps one huge session from dragging the statistics; median and MAD ignore a few
 * outliers; only the upper side counts, since a session with fewer requests or bytes than usual (a
 * visitor whose browser had everything cached, say) is not suspicious, while one with far more
 * requests, URLs, bytes, errors or speed is (crawlers, error storms). The scale floor {@code
 * minScale} ({@link #DEFAULT_MIN_SCALE} unless set) keeps features that are usually all the same,
 * such as an error ratio of 0, from calling every small difference an outlier: with the default,
 * an upper z of 4 needs a feature {@code e^(4 * 0.25)}, about 2.7 times {@code 1 +} its median.
 * Warm after {@link #MIN_POINTS} points; scores 0 before.
 *
 * <pre>{@code
 * AnomalyDetector detector = RobustLogZDetector.create();
 * double score = detector.score(new double[] {requests, bytes, errorRatio});
 * detector.learn(new double[] {requests, bytes, errorRatio});
 * }</pre>
 */
public final class RobustLogZDetector implements AnomalyDetector {
  private static final long serialVersionUID = 1L;

  /** Points the median and MAD are taken over. */
  public static final int DEFAULT_WINDOW = 500;

  /** Smallest scale of a feature, in log units. */
  public static final double DEFAULT_MIN_SCALE = 0.25;

  /** Points learned before scores count. */
  public static final int MIN_POINTS = 30;

  private static final double MAD_TO_SIGMA = 1.4826;

  private final int window;
  private final double minScale;
  private long count;
  private List<ArrayDeque<Double>> recent;
  private List<List<Double>> sorted;

  private RobustLogZDetector(int window, double minScale) {
    this.window = window;
    this.minScale = minScale;
  }

  /** {@link #DEFAULT_WINDOW} points, {@link #DEFAULT_MIN_SCALE}. */
  public static RobustLogZDetector create() {
    return new RobustLogZDetector(DEFAULT_WINDOW, DEFAULT_MIN_SCALE);
  }

  /** Over the last {@code window} points (at least 2) with scale floor {@code minScale} (> 0). */
  public static RobustLogZDetector of(int window, double minScale) {
    if (window < 2) {
      throw new IllegalArgumentException("window must be >= 2, found " + window);
    }
    if (!(minScale > 0)) {
      throw new IllegalArgumentException("minScale must be > 0, found " + minScale);
    }
    return new RobustLogZDetector(window, minScale);
  }

  @Override
  public String id() {
    return "robust-log-z";
  }

  @Override
  public boolean isWarm() {
    return count >= MIN_POINTS;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public double score(double[] point) {
    if (recent == null || count < 2) {
      return 0.0;
    }
    checkDimension(point);
    double maxZ = 0.0;
    for (int i = 0; i < point.length; i++) {
      List<Double> values = sorted.get(i);
      double median = median(values);
      List<Double> deviations = new ArrayList<>(values.size());
      for (double value : values) {
        deviations.add(Math.abs(value - median));
      }
      Collections.sort(deviations);
      double scale = Math.max(MAD_TO_SIGMA * median(deviations), minScale);
      maxZ = Math.max(maxZ, (log(point[i]) - median) / scale);
    }
    // Clamped: the erfc approximation can be off by 1e-7 either side of the exact value.
    return Math.min(1.0, Math.max(0.0, 1.0 - erfc(maxZ / Math.sqrt(2.0))));
  }

  @Override
  public void learn(double[] point) {
    if (recent == null) {
      recent = new ArrayList<>();
      sorted = new ArrayList<>();
      for (int i = 0; i < point.length; i++) {
        recent.add(new ArrayDeque<>());
        sorted.add(new ArrayList<>());
      }
    }
    checkDimension(point);
    for (int i = 0; i < point.length; i++) {
      double value = log(point[i]);
      recent.get(i).addLast(value);
      insert(sorted.get(i), value);
      if (recent.get(i).size() > window) {
        double oldest = recent.get(i).removeFirst();
        List<Double> values = sorted.get(i);
        values.remove(Collections.binarySearch(values, oldest));
      }
    }
    count++;
  }

  private void checkDimension(double[] point) {
    if (point.length != recent.size()) {
      throw new IllegalArgumentException(
          "point has " + point.length + " features but the detector learned points with "
              + recent.size());
    }
  }

  private static void insert(List<Double> values, double value) {
    int at = Collections.binarySearch(values, value);
    values.add(at < 0 ? -at - 1 : at, value);
  }

  private static double median(List<Double> values) {
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2.0;
  }

  private static double log(double x) {
    return Double.isFinite(x) ? Math.log1p(Math.max(0.0, x)) : 0.0;
  }

  /** Complementary error function (Numerical Recipes' erfcc, relative error below 1.2e-7). */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double r =
        t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
            + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2.0 - r;
  }

  @Override
  public RobustLogZDetector copy() {
    RobustLogZDetector copy = new RobustLogZDetector(window, minScale);
    copy.count = count;
    if (recent != null) {
      copy.recent = new ArrayList<>();
      copy.sorted = new ArrayList<>();
      for (int i = 0; i < recent.size(); i++) {
        copy.recent.add(new ArrayDeque<>(recent.get(i)));
        copy.sorted.add(new ArrayList<>(sorted.get(i)));
      }
    }
    return copy;
  }

  @Override
  public String toString() {
    return "RobustLogZ{window=" + window + ", minScale=" + minScale + "}";
  }
}
