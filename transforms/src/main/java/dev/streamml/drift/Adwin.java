package dev.streamml.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * ADWIN2, the adaptive sliding window of Bifet and Gavaldà ("Learning from Time-Changing Data with
 * Adaptive Windowing", SDM 2007). The detector keeps a window of the most recent values, summarised
 * in an exponential histogram, and drops its older part whenever the means of an old and a recent
 * sub-window differ by more than
 *
 * <pre>
 *   eps = sqrt(2 m v d) + 2/3 m d,   d = ln(2 ln(W) / delta),
 *   m = 1 / (n0 - minWindowLength + 1) + 1 / (n1 - minWindowLength + 1)
 * </pre>
 *
 * where {@code W} is the window length, {@code v} the variance of the window and {@code n0, n1} the
 * lengths of the old and recent sub-windows. Each drop is reported as {@link DriftState#DRIFT};
 * ADWIN has no warning zone. Values may be any finite numbers (the bound uses the window's
 * variance, as MOA and river do), not only values in [0, 1].
 *
 * <p>Behaviour matches MOA's {@code ADWIN} and river's {@code drift.ADWIN}:
 *
 * <ul>
 *   <li>Buckets of size {@code 2^i} sit in row {@code i}; a row holds at most {@link
 *       #DEFAULT_MAX_BUCKETS} buckets and merges its two oldest into one bucket of the next row
 *       when it reaches one more. Memory is {@code O(M log(W / M))} buckets ({@link
 *       #bucketCount()}).
 *   <li>Cuts are checked only every {@code clock} values ({@link #DEFAULT_CLOCK}) and only once the
 *       window holds more than {@code gracePeriod} values ({@link #DEFAULT_GRACE_PERIOD}); both
 *       sub-windows must hold at least {@code minWindowLength} values ({@link
 *       #DEFAULT_MIN_WINDOW_LENGTH}). Cut points lie on bucket boundaries.
 *   <li>While a cut holds, the oldest bucket is dropped and all cuts are checked again.
 *   <li>Like river (and unlike MOA's {@code ADWINChangeDetector}, which reports only increases of
 *       the mean), a change in either direction is a drift. Unlike river, which skips the newest
 *       bucket of each row as a cut point, every bucket boundary is a cut point, as in MOA.
 * </ul>
 *
 * <p>With the checks every 32 values, a detection is reported up to 31 values after the evidence is
 * there; {@code withClock(1)} checks at every value at a higher cost.
 *
 * <p>Measured in {@code AdwinTest} with the defaults: an error rate jump 0.1 to 0.5, and a unit
 * Gaussian mean shift 0 to 1, after 5,000 values are detected within 100 values; 20,000 stationary
 * values of either raise no alarm. Delta bounds the false-alarm chance per check, not per stream,
 * so very long stationary streams may see some.
 *
 * <pre>{@code
 * Adwin adwin = Adwin.create().withDelta(0.002);
 * if (adwin.update(loss) == DriftState.DRIFT) {
 *   double recentMean = adwin.mean(); // mean of the values after the change
 * }
 * }</pre>
 */
public final class Adwin implements DriftDetector {

  private static final long serialVersionUID = 1L;

  /** Confidence of the cut test: the chance of a false alarm per check is about delta. */
  public static final double DEFAULT_DELTA = 0.002;

  /** Cuts are checked every this many values. */
  public static final int DEFAULT_CLOCK = 32;

  /** Buckets of each size kept before two are merged (MOA's and river's M). */
  public static final int DEFAULT_MAX_BUCKETS = 5;

  /** Least number of values in each sub-window of a cut. */
  public static final int DEFAULT_MIN_WINDOW_LENGTH = 5;

  /** Cuts are checked only once the window holds more than this many values. */
  public static final int DEFAULT_GRACE_PERIOD = 10;

  private final double delta;
  private final int clock;
  private final int maxBuckets;
  private final int minWindowLength;
  private final int gracePeriod;

  // Exponential histogram: rows.get(i) holds buckets of 2^i values, oldest first; the last row
  // holds the oldest values of the window.
  private final List<Row> rows = new ArrayList<>();
  private long width;
  private double total;
  private double sumSquares; // sum of squared deviations from the window mean

  private long count;
  private long detections;
  private DriftState state = DriftState.NONE;

  private Adwin(double delta, int clock, int maxBuckets, int minWindowLength, int gracePeriod) {
    this.delta = delta;
    this.clock = clock;
    this.maxBuckets = maxBuckets;
    this.minWindowLength = minWindowLength;
    this.gracePeriod = gracePeriod;
  }

  /** A detector with the MOA and river defaults. */
  public static Adwin create() {
    return new Adwin(
        DEFAULT_DELTA,
        DEFAULT_CLOCK,
        DEFAULT_MAX_BUCKETS,
        DEFAULT_MIN_WINDOW_LENGTH,
        DEFAULT_GRACE_PERIOD);
  }

  /** A new, empty detector with confidence {@code delta} in (0, 1); smaller detects less. */
  public Adwin withDelta(double delta) {
    Checks.checkOpenUnit("delta", delta);
    return new Adwin(delta, clock, maxBuckets, minWindowLength, gracePeriod);
  }

  /** A new, empty detector that checks cuts every {@code clock} values (at least 1). */
  public Adwin withClock(int clock) {
    Checks.checkAtLeast("clock", clock, 1);
    return new Adwin(delta, clock, maxBuckets, minWindowLength, gracePeriod);
  }

  /** A new, empty detector keeping up to {@code maxBuckets} (at least 2) buckets per size. */
  public Adwin withMaxBuckets(int maxBuckets) {
    Checks.checkAtLeast("maxBuckets", maxBuckets, 2);
    return new Adwin(delta, clock, maxBuckets, minWindowLength, gracePeriod);
  }

  /** A new, empty detector whose cut sub-windows hold at least {@code minWindowLength} values. */
  public Adwin withMinWindowLength(int minWindowLength) {
    Checks.checkAtLeast("minWindowLength", minWindowLength, 1);
    return new Adwin(delta, clock, maxBuckets, minWindowLength, gracePeriod);
  }

  /** A new, empty detector that checks cuts once the window is longer than {@code gracePeriod}. */
  public Adwin withGracePeriod(int gracePeriod) {
    Checks.checkAtLeast("gracePeriod", gracePeriod, 0);
    return new Adwin(delta, clock, maxBuckets, minWindowLength, gracePeriod);
  }

  @Override
  public String id() {
    return "adwin";
  }

  @Override
  public DriftState update(double value) {
    Checks.checkFinite(value);
    count++;
    insert(value);
    boolean drift = count % clock == 0 && width > gracePeriod && shrinkWhileCutHolds();
    if (drift) {
      detections++;
    }
    state = drift ? DriftState.DRIFT : DriftState.NONE;
    return state;
  }

  @Override
  public DriftState state() {
    return state;
  }

  @Override
  public long detections() {
    return detections;
  }

  @Override
  public long count() {
    return count;
  }

  /** Number of values in the current window. */
  public long width() {
    return width;
  }

  /** Mean of the current window, NaN when it is empty. */
  public double mean() {
    return width == 0 ? Double.NaN : total / width;
  }

  /** Population variance of the current window, NaN when it is empty. */
  public double variance() {
    return width == 0 ? Double.NaN : sumSquares / width;
  }

  /** Number of buckets summarising the window: at most {@code M (log2(W / M) + 2)}. */
  public int bucketCount() {
    int buckets = 0;
    for (Row row : rows) {
      buckets += row.size;
    }
    return buckets;
  }

  /** Number of bucket sizes in use: {@code log2} of the largest bucket, plus one. */
  public int rowCount() {
    return rows.size();
  }

  @Override
  public Adwin copy() {
    Adwin copy = new Adwin(delta, clock, maxBuckets, minWindowLength, gracePeriod);
    for (Row row : rows) {
      copy.rows.add(row.copy());
    }
    copy.width = width;
    copy.total = total;
    copy.sumSquares = sumSquares;
    copy.count = count;
    copy.detections = detections;
    copy.state = state;
    return copy;
  }

  private void insert(double value) {
    if (rows.isEmpty()) {
      rows.add(new Row(maxBuckets));
    }
    rows.get(0).add(value, 0);
    width++;
    if (width > 1) {
      double d = value - total / (width - 1);
      sumSquares += (width - 1) * d * d / width;
    }
    total += value;
    compress();
  }

  private void compress() {
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      if (row.size <= maxBuckets) {
        return;
      }
      if (i + 1 == rows.size()) {
        rows.add(new Row(maxBuckets));
      }
      Row next = rows.get(i + 1);
      double n = bucketSize(i);
      double d = row.totals[0] / n - row.totals[1] / n;
      // Variance of the union of two buckets of n values each (Chan et al.).
      next.add(
          row.totals[0] + row.totals[1], row.sumSquares[0] + row.sumSquares[1] + n * d * d / 2);
      row.removeOldest(2);
    }
  }

  /** Drops the oldest bucket of the window. */
  private void removeOldest() {
    int last = rows.size() - 1;
    Row row = rows.get(last);
    double n = bucketSize(last);
    double bucketTotal = row.totals[0];
    width -= (long) n;
    total -= bucketTotal;
    double d = bucketTotal / n - total / width;
    sumSquares -= row.sumSquares[0] + n * width * d * d / (n + width);
    row.removeOldest(1);
    while (!rows.isEmpty() && rows.get(rows.size() - 1).size == 0) {
      rows.remove(rows.size() - 1);
    }
  }

  /**
   * Checks every cut from oldest to newest; when one holds, drops the oldest bucket and starts
   * over. Returns whether anything was dropped.
   */
  private boolean shrinkWhileCutHolds() {
    boolean dropped = false;
    boolean again = true;
    while (again) {
      again = false;
      long n0 = 0;
      long n1 = width;
      double u0 = 0;
      double u1 = total;
      scan:
      for (int i = rows.size() - 1; i >= 0; i--) {
        Row row = rows.get(i);
        long size = (long) bucketSize(i);
        for (int k = 0; k < row.size; k++) {
          n0 += size;
          n1 -= size;
          u0 += row.totals[k];
          u1 -= row.totals[k];
          if (i == 0 && k == row.size - 1) {
            break scan; // the whole window is in W0: no cut left
          }
          if (n0 >= minWindowLength && n1 >= minWindowLength && cutHolds(n0, n1, u0, u1)) {
            removeOldest();
            dropped = true;
            again = width > 0;
            break scan;
          }
        }
      }
    }
    return dropped;
  }

  private boolean cutHolds(long n0, long n1, double u0, double u1) {
    double d = Math.log(2 * Math.log(width) / delta);
    double m = 1.0 / (n0 - minWindowLength + 1) + 1.0 / (n1 - minWindowLength + 1);
    double epsilon = Math.sqrt(2 * m * (sumSquares / width) * d) + 2.0 / 3.0 * d * m;
    return Math.abs(u0 / n0 - u1 / n1) > epsilon;
  }

  private static double bucketSize(int row) {
    return Math.scalb(1.0, row);
  }

  /** The buckets of one size, oldest first: their totals and sums of squared deviations. */
  private static final class Row implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] totals;
    private final double[] sumSquares;
    private int size;

    Row(int maxBuckets) {
      this.totals = new double[maxBuckets + 1];
      this.sumSquares = new double[maxBuckets + 1];
    }

    void add(double total, double squares) {
      totals[size] = total;
      sumSquares[size] = squares;
      size++;
    }

    void removeOldest(int n) {
      System.arraycopy(totals, n, totals, 0, size - n);
      System.arraycopy(sumSquares, n, sumSquares, 0, size - n);
      size -= n;
    }

    Row copy() {
      Row copy = new Row(totals.length - 1);
      System.arraycopy(totals, 0, copy.totals, 0, size);
      System.arraycopy(sumSquares, 0, copy.sumSquares, 0, size);
      copy.size = size;
      return copy;
    }
  }
}
