package dev.streamml.features;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.joda.time.Instant;

/**
 * Textbook statistics of a list of timestamped values, computed the slow, obvious way (two-pass
 * variance, full sort for quantiles), to check {@link FeatureStatsFn} and {@link WindowedFeatures}
 * against. Shares no code with them.
 */
final class ReferenceStats implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One observation. */
  static final class Point implements Serializable {
    private static final long serialVersionUID = 1L;
    final long millis;
    final double value;

    Point(long millis, double value) {
      this.millis = millis;
      this.value = value;
    }

    @Override
    public String toString() {
      return value + "@" + new Instant(millis);
    }
  }

  final int count;
  final double sum;
  final double mean;
  final double sampleVariance;
  final double min;
  final double max;
  final Point first;
  final Point last;
  private final double[] sorted;

  ReferenceStats(List<Point> points) {
    count = points.size();
    double s = 0;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Point p : points) {
      s += p.value;
      lo = Math.min(lo, p.value);
      hi = Math.max(hi, p.value);
    }
    sum = s;
    mean = count == 0 ? Double.NaN : s / count;
    double squares = 0;
    for (Point p : points) {
      squares += (p.value - mean) * (p.value - mean);
    }
    sampleVariance = count < 2 ? Double.NaN : squares / (count - 1);
    min = count == 0 ? Double.NaN : lo;
    max = count == 0 ? Double.NaN : hi;
    List<Point> byTime = new ArrayList<>(points);
    byTime.sort(Comparator.<Point>comparingLong(p -> p.millis).thenComparingDouble(p -> p.value));
    first = count == 0 ? null : byTime.get(0);
    last = count == 0 ? null : byTime.get(count - 1);
    sorted = points.stream().mapToDouble(p -> p.value).sorted().toArray();
  }

  static ReferenceStats of(Point... points) {
    return new ReferenceStats(Arrays.asList(points));
  }

  static Point at(Instant timestamp, double value) {
    return new Point(timestamp.getMillis(), value);
  }

  /** The nearest-rank quantile: the smallest value with at least {@code p} of the values <= it. */
  double nearestRank(double p) {
    int index = (int) Math.ceil(p * count) - 1;
    return sorted[Math.max(0, index)];
  }

  /**
   * Whether {@code value} is one of the values and a valid {@code p}-quantile when ranks may be off
   * by {@code rankError} (a fraction of the count): its rank range [below, atOrBelow] / count
   * reaches {@code p - rankError} and starts before {@code p + rankError}.
   */
  boolean isQuantileWithin(double p, double value, double rankError) {
    int below = 0;
    int atOrBelow = 0;
    for (double v : sorted) {
      if (v < value) {
        below++;
      }
      if (v <= value) {
        atOrBelow++;
      }
    }
    boolean seen = atOrBelow > below;
    return seen
        && (double) atOrBelow / count >= p - rankError
        && (double) below / count < p + rankError;
  }
}
