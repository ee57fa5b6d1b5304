package dev.streamml.anomaly.threshold;

import java.util.Arrays;

/**
 * A cut-off that follows the scores: a score is anomalous when it is strictly above the {@code q}
 * quantile of the last {@code window} scores seen by {@link #update}, so that about {@code 1 - q}
 * of the points are flagged while the score distribution stays the same (strictly, so a stream of
 * equal scores flags nothing). Until {@code minScores} scores were seen, the cut-off is the fixed
 * {@code fallback} value (a score at or above it is anomalous).
 *
 * <p>The quantile is exact over a bounded window (a ring buffer and a sorted copy of {@code window}
 * doubles; linear interpolation between order statistics). A KLL sketch over all scores would not
 * do: its compactions draw from an unseeded shared random generator, so the same stream would not
 * always give the same decisions, and it never forgets old scores.
 *
 * <pre>{@code
 * Threshold threshold = OnlineQuantileThreshold.of(0.999).withWindow(50_000).withMinScores(1_000);
 * }</pre>
 */
public final class OnlineQuantileThreshold implements Threshold {

  private static final long serialVersionUID = 1L;

  public static final double DEFAULT_QUANTILE = 0.995;
  public static final int DEFAULT_WINDOW = 10_000;
  public static final int DEFAULT_MIN_SCORES = 100;
  public static final double DEFAULT_FALLBACK = 1.0;

  private final double quantile;
  private final int window;
  private final int minScores;
  private final double fallback;

  private final double[] ring;
  private final double[] sorted;
  private int next;
  private int size;

  private OnlineQuantileThreshold(double quantile, int window, int minScores, double fallback) {
    this.quantile = quantile;
    this.window = window;
    this.minScores = minScores;
    this.fallback = fallback;
    this.ring = new double[window];
    this.sorted = new double[window];
  }

  /** The {@link #DEFAULT_QUANTILE} of the last {@link #DEFAULT_WINDOW} scores. */
  public static OnlineQuantileThreshold create() {
    return of(DEFAULT_QUANTILE);
  }

  /** The {@code quantile} (in (0, 1)) of the last {@link #DEFAULT_WINDOW} scores. */
  public static OnlineQuantileThreshold of(double quantile) {
    if (!(quantile > 0.0 && quantile < 1.0)) {
      throw new IllegalArgumentException("quantile should be in (0, 1), got " + quantile);
    }
    return new OnlineQuantileThreshold(quantile, DEFAULT_WINDOW, DEFAULT_MIN_SCORES, DEFAULT_FALLBACK);
  }

  /** A new threshold, with no scores seen, over the last {@code window} (at least 2) scores. */
  public OnlineQuantileThreshold withWindow(int window) {
    if (window < 2) {
      throw new IllegalArgumentException("window should be at least 2, got " + window);
    }
    return new OnlineQuantileThreshold(quantile, window, Math.min(minScores, window), fallback);
  }

  /** A new threshold that uses the fallback until {@code minScores} (1 to window) were seen. */
  public OnlineQuantileThreshold withMinScores(int minScores) {
    if (minScores < 1 || minScores > window) {
      throw new IllegalArgumentException(
          "minScores should be between 1 and the window (" + window + "), got " + minScores);
    }
    return new OnlineQuantileThreshold(quantile, window, minScores, fallback);
  }

  /** A new threshold whose cut-off is {@code fallback} (in [0, 1]) until minScores were seen. */
  public OnlineQuantileThreshold withFallback(double fallback) {
    if (!(fallback >= 0.0 && fallback <= 1.0)) {
      throw new IllegalArgumentException("fallback should be in [0, 1], got " + fallback);
    }
    return new OnlineQuantileThreshold(quantile, window, minScores, fallback);
  }

  @Override
  public boolean isAnomaly(double score) {
    return size < minScores ? score >= fallback : score > value();
  }

  @Override
  public void update(double score) {
    if (Double.isNaN(score)) {
      return;
    }
    if (size == window) {
      int at = Arrays.binarySearch(sorted, 0, size, ring[next]);
      System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
      size--;
    }
    ring[next] = score;
    next = (next + 1) % window;
    int at = Arrays.binarySearch(sorted, 0, size, score);
    if (at < 0) {
      at = -at - 1;
    }
    System.arraycopy(sorted, at, sorted, at + 1, size - at);
    sorted[at] = score;
    size++;
  }

  /** The current cut-off: the quantile of the window, or the fallback before minScores. */
  @Override
  public double value() {
    if (size < minScores) {
      return fallback;
    }
    double h = (size - 1) * quantile;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, size - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /** Number of scores in the window. */
  public int size() {
    return size;
  }

  @Override
  public OnlineQuantileThreshold copy() {
    OnlineQuantileThreshold copy = new OnlineQuantileThreshold(quantile, window, minScores, fallback);
    System.arraycopy(ring, 0, copy.ring, 0, window);
    System.arraycopy(sorted, 0, copy.sorted, 0, window);
    copy.next = next;
    copy.size = size;
    return copy;
  }

  @Override
  public String toString() {
    return "OnlineQuantileThreshold{quantile="
        + quantile
        + ", window="
        + window
        + ", minScores="
        + minScores
        + ", fallback="
        + fallback
        + "}";
  }
}
