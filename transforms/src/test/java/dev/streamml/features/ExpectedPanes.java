package dev.streamml.features;

import dev.streamml.features.ReferenceStats.Point;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;

/**
 * The exact set of {@link WindowFeatures} a pipeline must output, each described by key, window,
 * pane and the values it summarises; the figures are recomputed from the values by {@link
 * ReferenceStats}. Use as {@code PAssert.that(features).satisfies(ExpectedPanes.of(...))}.
 */
final class ExpectedPanes
    implements SerializableFunction<Iterable<WindowFeatures>, Void>, Serializable {
  private static final long serialVersionUID = 1L;

  /** One expected record. */
  static final class Pane implements Serializable {
    private static final long serialVersionUID = 1L;
    final String key;
    final Instant start;
    final Instant end;
    final PaneTiming timing;
    final long index;
    final boolean isFinal;
    final List<Point> values;

    Pane(
        String key,
        Instant start,
        Instant end,
        PaneTiming timing,
        long index,
        boolean isFinal,
        List<Point> values) {
      this.key = key;
      this.start = start;
      this.end = end;
      this.timing = timing;
      this.index = index;
      this.isFinal = isFinal;
      this.values = values;
    }

    boolean describes(WindowFeatures f) {
      return key.equals(f.getKey())
          && start.equals(f.getWindowStart())
          && end.equals(f.getWindowEnd())
          && timing == f.getPaneTiming()
          && index == f.getPaneIndex();
    }

    @Override
    public String toString() {
      return key
          + " ["
          + start
          + ", "
          + end
          + ") "
          + timing
          + "#"
          + index
          + (isFinal ? " final " : " ")
          + values;
    }
  }

  /** Starts describing the pane of {@code key} in {@code [start, end)}. */
  static PaneBuilder pane(String key, Instant start, Instant end) {
    return new PaneBuilder(key, start, end);
  }

  /** Starts describing the pane of {@code key} in the global window. */
  static PaneBuilder globalPane(String key) {
    return new PaneBuilder(
        key, BoundedWindow.TIMESTAMP_MIN_VALUE, BoundedWindow.TIMESTAMP_MAX_VALUE);
  }

  static final class PaneBuilder {
    private final String key;
    private final Instant start;
    private final Instant end;

    private PaneBuilder(String key, Instant start, Instant end) {
      this.key = key;
      this.start = start;
      this.end = end;
    }

    Pane is(PaneTiming timing, long index, boolean isFinal, Point... values) {
      return new Pane(key, start, end, timing, index, isFinal, Arrays.asList(values));
    }
  }

  private final String featureName;
  private final List<Pane> panes;

  private ExpectedPanes(String featureName, List<Pane> panes) {
    this.featureName = featureName;
    this.panes = panes;
  }

  static ExpectedPanes of(String featureName, Pane... panes) {
    return new ExpectedPanes(featureName, Arrays.asList(panes));
  }

  @Override
  public Void apply(Iterable<WindowFeatures> actual) {
    List<WindowFeatures> unmatched = new ArrayList<>();
    actual.forEach(unmatched::add);
    String all = "expected " + panes + "\nactual " + unmatched;
    for (Pane pane : panes) {
      WindowFeatures match = null;
      for (WindowFeatures f : unmatched) {
        if (pane.describes(f)) {
          if (match != null) {
            throw new AssertionError("two records for " + pane + "\n" + all);
          }
          match = f;
        }
      }
      if (match == null) {
        throw new AssertionError("no record for " + pane + "\n" + all);
      }
      unmatched.remove(match);
      check(pane, match);
    }
    if (!unmatched.isEmpty()) {
      throw new AssertionError("unexpected records " + unmatched + "\n" + all);
    }
    return null;
  }

  private void check(Pane pane, WindowFeatures f) {
    ReferenceStats ref = new ReferenceStats(pane.values);
    String where = "in " + f + " for " + pane + ": ";
    checkEqual(where + "feature name", featureName, f.getFeatureName());
    checkEqual(where + "isFinal", pane.isFinal, f.isFinal());
    checkEqual(where + "count", (long) ref.count, f.getCount());
    checkClose(where + "sum", ref.count == 0 ? 0.0 : ref.sum, f.getSum());
    checkClose(where + "mean", ref.mean, f.getMean());
    checkClose(where + "variance", ref.sampleVariance, f.getVariance());
    checkClose(where + "stddev", Math.sqrt(ref.sampleVariance), f.getStddev());
    checkClose(where + "min", ref.min, f.getMin());
    checkClose(where + "max", ref.max, f.getMax());
    // Few values: the sketch holds them all, so quantiles are exact nearest ranks.
    checkClose(where + "p50", ref.count == 0 ? Double.NaN : ref.nearestRank(0.5), f.getP50());
    checkClose(where + "p90", ref.count == 0 ? Double.NaN : ref.nearestRank(0.9), f.getP90());
    checkClose(where + "p99", ref.count == 0 ? Double.NaN : ref.nearestRank(0.99), f.getP99());
    checkClose(where + "first", ref.count == 0 ? Double.NaN : ref.first.value, f.getFirstValue());
    checkClose(where + "last", ref.count == 0 ? Double.NaN : ref.last.value, f.getLastValue());
    checkEqual(
        where + "first timestamp",
        ref.count == 0 ? null : new Instant(ref.first.millis),
        f.getFirstTimestamp());
    checkEqual(
        where + "last timestamp",
        ref.count == 0 ? null : new Instant(ref.last.millis),
        f.getLastTimestamp());
    checkClose(where + "rate", expectedRate(pane, ref), f.getRate());
  }

  private static double expectedRate(Pane pane, ReferenceStats ref) {
    if (pane.start.equals(BoundedWindow.TIMESTAMP_MIN_VALUE)) {
      double spanSeconds = ref.count == 0 ? 0 : (ref.last.millis - ref.first.millis) / 1000.0;
      return spanSeconds > 0 ? ref.count / spanSeconds : Double.NaN;
    }
    return ref.count / ((pane.end.getMillis() - pane.start.getMillis()) / 1000.0);
  }

  private static void checkEqual(String what, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      throw new AssertionError(what + ": expected " + expected + " but was " + actual);
    }
  }

  private static void checkClose(String what, double expected, double actual) {
    boolean ok =
        Double.isNaN(expected)
            ? Double.isNaN(actual)
            : Math.abs(expected - actual) <= 1e-9 * Math.max(1.0, Math.abs(expected));
    if (!ok) {
      throw new AssertionError(what + ": expected " + expected + " but was " + actual);
    }
  }
}
