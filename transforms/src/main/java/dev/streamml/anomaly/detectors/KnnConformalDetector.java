package dev.streamml.anomaly.detectors;

import dev.streamml.anomaly.AnomalyDetector;
import java.util.Arrays;

/**
 * Time-series novelty by k-nearest-neighbour conformal prediction, after NAB's {@code knncad}
 * (Ishimtsev et al., 2017), with a suppression step of its own. Recommended for univariate metric
 * streams such as CPU, latency or request counts.
 *
 * <p>Each point is seen in its context: the vector of the last {@code lags} values ending with it.
 * Its nonconformity {@code alpha} is the mean Euclidean distance to its {@code neighbours} nearest
 * vectors among the last {@code memory} learned ones. The conformal score is the fraction of the
 * last {@code calibration} learned alphas strictly below {@code alpha}, divided by {@code
 * calibration + 1} (so it never reaches 1): a shape never seen recently scores near 1 whatever its
 * scale, and distances need no normalisation. Finally a score that does not exceed every conformal
 * score of the last {@code suppression} learned points is halved, so that one event raises one
 * alarm rather than a run of them.
 *
 * <p>The defaults (19 lags, 27 neighbours, 1000 vectors, 1000 calibration scores, suppression over
 * 50 points) are knncad's dimension and neighbour count; on the 24 NAB series bundled with
 * streamml they score 58.8 standard, 51.7 low FP, 63.0 low FN (NAB scorer, one threshold over
 * the 24 series). Memory is fixed: about {@code 2 memory + lags + 2 calibration + suppression}
 * doubles (32 KB with the defaults): consecutive context vectors share all but one value, so the
 * detector keeps the learned values once and reads each vector as a slice of them, which also keeps
 * a key's scan in cache when many keys take turns. Cost is O(memory * lags) per point; a score
 * followed by learning the same point computes the distances once.
 *
 * <p>The detector takes one feature ({@code point.length == 1}). It scores 0 until {@code lags +
 * neighbours} points were learned and is warm after {@link #DEFAULT_MIN_POINTS}. A non-finite value
 * scores 0 and is not learned.
 *
 * <pre>{@code
 * AnomalyDetector detector = KnnConformalDetector.create();
 * for (double value : series) {
 *   double score = detector.score(new double[] {value});
 *   detector.learn(new double[] {value});
 * }
 * }</pre>
 */
public final class KnnConformalDetector implements AnomalyDetector {

  private static final long serialVersionUID = 2L;

  public static final int DEFAULT_LAGS = 19;
  public static final int DEFAULT_NEIGHBOURS = 27;
  public static final int DEFAULT_MEMORY = 1000;
  public static final int DEFAULT_CALIBRATION = 1000;
  public static final int DEFAULT_SUPPRESSION = 50;
  public static final int DEFAULT_MIN_POINTS = 300;

  /** Factor applied to scores that do not exceed the recent ones. */
  static final double SUPPRESSED_FACTOR = 0.5;

  private final int lags;
  private final int neighbours;
  private final int memory;
  private final int calibration;
  private final int suppression;
  private final int minPoints;

  private long count;
  // The learned values with indices history[0] = value number historyBase; the context vector of
  // learned point t is values t - lags + 1 .. t. Room for `memory` more values before the oldest
  // ones still needed are moved to the front.
  private double[] history;
  private long historyBase;
  private int historyLength;
  private int vectorSize; // learned points with a stored vector: the last vectorSize ones
  private double[] alphas; // ring of the last `calibration` alphas, in arrival order
  private double[] alphasSorted;
  private int alphaNext;
  private int alphaSize;
  private double[] conformal; // ring of the last `suppression` conformal scores
  private int conformalNext;

  // Memo of the last alpha computed by score(), valid while count is unchanged (-1: none).
  private long memoCount = -1;
  private double memoValue;
  private double memoAlpha;

  private KnnConformalDetector(
      int lags, int neighbours, int memory, int calibration, int suppression, int minPoints) {
    this.lags = lags;
    this.neighbours = neighbours;
    this.memory = memory;
    this.calibration = calibration;
    this.suppression = suppression;
    this.minPoints = minPoints;
    this.history = new double[2 * memory + lags - 1];
    this.alphas = new double[calibration];
    this.alphasSorted = new double[calibration];
    this.conformal = new double[Math.max(1, suppression)];
  }

  /** A detector with the defaults. */
  public static KnnConformalDetector create() {
    return new KnnConformalDetector(
        DEFAULT_LAGS,
        DEFAULT_NEIGHBOURS,
        DEFAULT_MEMORY,
        DEFAULT_CALIBRATION,
        DEFAULT_SUPPRESSION,
        DEFAULT_MIN_POINTS);
  }

  /** A new, untrained detector whose context vectors hold {@code lags} (at least 1) values. */
  public KnnConformalDetector withLags(int lags) {
    Points.checkAtLeast("lags", lags, 1);
    return new KnnConformalDetector(lags, neighbours, memory, calibration, suppression, minPoints);
  }

  /** A new, untrained detector averaging the distance to {@code neighbours} (1 to memory). */
  public KnnConformalDetector withNeighbours(int neighbours) {
    Points.checkAtLeast("neighbours", neighbours, 1);
    if (neighbours > memory) {
      throw new IllegalArgumentException(
          "neighbours should be at most memory (" + memory + "), got " + neighbours);
    }
    return new KnnConformalDetector(lags, neighbours, memory, calibration, suppression, minPoints);
  }

  /** A new, untrained detector searching the last {@code memory} vectors (at least neighbours). */
  public KnnConformalDetector withMemory(int memory) {
    if (memory < neighbours) {
      throw new IllegalArgumentException(
          "memory should be at least neighbours (" + neighbours + "), got " + memory);
    }
    return new KnnConformalDetector(lags, neighbours, memory, calibration, suppression, minPoints);
  }

  /** A new, untrained detector ranking alphas among the last {@code calibration} (at least 1). */
  public KnnConformalDetector withCalibration(int calibration) {
    Points.checkAtLeast("calibration", calibration, 1);
    return new KnnConformalDetector(lags, neighbours, memory, calibration, suppression, minPoints);
  }

  /** A new, untrained detector halving scores not above the last {@code points} (0 = never). */
  public KnnConformalDetector withSuppression(int points) {
    Points.checkAtLeast("suppression", points, 0);
    return new KnnConformalDetector(lags, neighbours, memory, calibration, points, minPoints);
  }

  /** A new, untrained detector that is warm after {@code minPoints} (at least 1). */
  public KnnConformalDetector withMinPoints(int minPoints) {
    Points.checkAtLeast("minPoints", minPoints, 1);
    return new KnnConformalDetector(lags, neighbours, memory, calibration, suppression, minPoints);
  }

  @Override
  public String id() {
    return "knn-conformal";
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
    Points.checkDimension(point, 1);
    double x = point[0];
    if (!Double.isFinite(x) || count < lags - 1 || vectorSize < neighbours) {
      return 0.0;
    }
    double alpha = alpha(context(x));
    memoCount = count;
    memoValue = x;
    memoAlpha = alpha;
    double score = conformalScore(alpha);
    if (suppression > 0) {
      for (double previous : conformal) {
        if (score <= previous) {
          return score * SUPPRESSED_FACTOR;
        }
      }
    }
    return score;
  }

  @Override
  public void learn(double[] point) {
    Points.checkDimension(point, 1);
    double x = point[0];
    if (!Double.isFinite(x)) {
      return;
    }
    if (count >= lags - 1) {
      double[] v = context(x);
      if (vectorSize >= neighbours) {
        double alpha =
            memoCount == count && Double.compare(memoValue, x) == 0 ? memoAlpha : alpha(v);
        conformal[conformalNext] = conformalScore(alpha);
        conformalNext = (conformalNext + 1) % conformal.length;
        addAlpha(alpha);
      }
      vectorSize = Math.min(memory, vectorSize + 1);
    }
    append(x);
    count++;
    memoCount = -1;
  }

  /** The last lags - 1 learned values followed by x. */
  private double[] context(double x) {
    double[] v = new double[lags];
    System.arraycopy(history, historyLength - (lags - 1), v, 0, lags - 1);
    v[lags - 1] = x;
    return v;
  }

  /** Adds the value of learned point {@code count}, making room first if the buffer is full. */
  private void append(double x) {
    if (historyLength == history.length) {
      // Keep what the next vectors and contexts need: the values of the last memory vectors.
      int keep = memory + lags - 1;
      System.arraycopy(history, historyLength - keep, history, 0, keep);
      historyBase += historyLength - keep;
      historyLength = keep;
    }
    history[historyLength++] = x;
  }

  /** Mean distance from v to its nearest stored vectors. */
  private double alpha(double[] v) {
    double[] nearest = new double[neighbours]; // squared distances, ascending
    Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    // The stored vectors are those of learned points count - vectorSize .. count - 1.
    int firstStart = (int) (count - vectorSize - (lags - 1) - historyBase);
    for (int i = 0; i < vectorSize; i++) {
      int start = firstStart + i;
      double d = 0.0;
      for (int j = 0; j < lags; j++) {
        double e = history[start + j] - v[j];
        d += e * e;
      }
      if (d < nearest[neighbours - 1]) {
        int at = neighbours - 1;
        while (at > 0 && nearest[at - 1] > d) {
          nearest[at] = nearest[at - 1];
          at--;
        }
        nearest[at] = d;
      }
    }
    double sum = 0.0;
    for (double d : nearest) {
      sum += Math.sqrt(d);
    }
    return sum / neighbours;
  }

  private double conformalScore(double alpha) {
    if (alphaSize == 0) {
      return 0.0;
    }
    int below = Arrays.binarySearch(alphasSorted, 0, alphaSize, alpha);
    if (below < 0) {
      below = -below - 1;
    } else {
      while (below > 0 && alphasSorted[below - 1] == alpha) {
        below--;
      }
    }
    return below / (double) (alphaSize + 1);
  }

  private void addAlpha(double alpha) {
    if (alphaSize == calibration) {
      int at = Arrays.binarySearch(alphasSorted, 0, alphaSize, alphas[alphaNext]);
      System.arraycopy(alphasSorted, at + 1, alphasSorted, at, alphaSize - at - 1);
      alphaSize--;
    }
    alphas[alphaNext] = alpha;
    alphaNext = (alphaNext + 1) % calibration;
    int at = Arrays.binarySearch(alphasSorted, 0, alphaSize, alpha);
    if (at < 0) {
      at = -at - 1;
    }
    System.arraycopy(alphasSorted, at, alphasSorted, at + 1, alphaSize - at);
    alphasSorted[at] = alpha;
    alphaSize++;
  }

  @Override
  public KnnConformalDetector copy() {
    KnnConformalDetector copy =
        new KnnConformalDetector(lags, neighbours, memory, calibration, suppression, minPoints);
    copy.count = count;
    copy.history = history.clone();
    copy.historyBase = historyBase;
    copy.historyLength = historyLength;
    copy.vectorSize = vectorSize;
    copy.alphas = alphas.clone();
    copy.alphasSorted = alphasSorted.clone();
    copy.alphaNext = alphaNext;
    copy.alphaSize = alphaSize;
    copy.conformal = conformal.clone();
    copy.conformalNext = conformalNext;
    return copy;
  }

  @Override
  public String toString() {
    return "KnnConformalDetector{lags="
        + lags
        + ", neighbours="
        + neighbours
        + ", memory="
        + memory
        + ", calibration="
        + calibration
        + ", suppression="
        + suppression
        + "}";
  }
}
