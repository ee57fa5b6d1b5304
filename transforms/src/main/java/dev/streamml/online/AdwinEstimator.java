package dev.streamml.online;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * ADWIN (Bifet and Gavaldà 2007), the exponential-histogram version of MOA's {@code ADWIN}: a
 * window of 0/1 (or bounded) values that drops its oldest part whenever two sub-windows have
 * means that differ by more than the bound for confidence {@code delta}. Buckets of size
 * {@code 2^i}, at most 5 per size; the cut is checked every 32 values once the window is longer
 * than 10, with sub-windows of at least 5.
 *
 * <p>Used inside this package as the error monitor of {@link OnlineAdaptiveHoeffdingTree} nodes
 * and {@link OnlineLeveragingBagging} members.
 */
final class AdwinEstimator implements Serializable {
  private static final long serialVersionUID = 1L;
  static final double DEFAULT_DELTA = 0.002;
  private static final int MAX_BUCKETS = 5;
  private static final int CLOCK = 32;
  private static final int MIN_WINDOW = 10;
  private static final int MIN_SUBWINDOW = 5;

  private static final class Row implements Serializable {
    private static final long serialVersionUID = 1L;
    final double[] totals = new double[MAX_BUCKETS + 1];
    final double[] variances = new double[MAX_BUCKETS + 1];
    int count; // oldest bucket first

    void add(double total, double variance) {
      totals[count] = total;
      variances[count] = variance;
      count++;
    }

    void removeOldest(int n) {
      System.arraycopy(totals, n, totals, 0, count - n);
      System.arraycopy(variances, n, variances, 0, count - n);
      count -= n;
    }
  }

  private final double delta;
  private final List<Row> rows = new ArrayList<>(); // rows.get(i) holds buckets of size 2^i
  private long time;
  private long width;
  private double total;
  private double variance;

  AdwinEstimator(double delta) {
    this.delta = delta;
  }

  long width() {
    return width;
  }

  /** Mean of the window, 0 when empty. */
  double estimation() {
    return width > 0 ? total / width : 0.0;
  }

  /** Adds a value; true if the window was cut (a change was detected). */
  boolean add(double value) {
    if (rows.isEmpty()) {
      rows.add(new Row());
    }
    if (width > 0) {
      double d = value - total / width;
      variance += width * d * d / (width + 1);
    }
    width++;
    total += value;
    rows.get(0).add(value, 0.0);
    compress();
    return detect();
  }

  private void compress() {
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      if (row.count <= MAX_BUCKETS) {
        break;
      }
      if (i + 1 == rows.size()) {
        rows.add(new Row());
      }
      Row next = rows.get(i + 1);
      double n = Math.pow(2, i);
      double u1 = row.totals[0] / n;
      double u2 = row.totals[1] / n;
      double inc = n * n * (u1 - u2) * (u1 - u2) / (n + n);
      next.add(row.totals[0] + row.totals[1], row.variances[0] + row.variances[1] + inc);
      row.removeOldest(2);
    }
  }

  private boolean detect() {
    boolean change = false;
    time++;
    if (time % CLOCK != 0 || width <= MIN_WINDOW) {
      return false;
    }
    boolean reduce = true;
    while (reduce) {
      reduce = false;
      boolean exit = false;
      double n0 = 0;
      double n1 = width;
      double u0 = 0;
      double u1 = total;
      for (int i = rows.size() - 1; i >= 0 && !exit; i--) {
        Row row = rows.get(i);
        double size = Math.pow(2, i);
        for (int k = 0; k < row.count; k++) {
          n0 += size;
          n1 -= size;
          u0 += row.totals[k];
          u1 -= row.totals[k];
          if (i == 0 && k == row.count - 1) {
            exit = true;
            break;
          }
          if (n1 >= MIN_SUBWINDOW && n0 >= MIN_SUBWINDOW && cut(n0, n1, u0 / n0 - u1 / n1)) {
            reduce = true;
            change = true;
            if (width > 0) {
              deleteOldest();
              exit = true;
              break;
            }
          }
        }
      }
    }
    return change;
  }

  private boolean cut(double n0, double n1, double diff) {
    double n = width;
    double dd = Math.log(2 * Math.log(n) / delta);
    double v = variance / width;
    double m = 1.0 / (n0 - MIN_SUBWINDOW + 1) + 1.0 / (n1 - MIN_SUBWINDOW + 1);
    double epsilon = Math.sqrt(2 * m * v * dd) + 2.0 / 3.0 * dd * m;
    return Math.abs(diff) > epsilon;
  }

  private void deleteOldest() {
    int last = rows.size() - 1;
    Row row = rows.get(last);
    double n1 = Math.pow(2, last);
    width -= (long) n1;
    total -= row.totals[0];
    if (width > 0) {
      double u1 = row.totals[0] / n1;
      double d = u1 - total / width;
      variance -= row.variances[0] + n1 * width * d * d / (n1 + width);
    } else {
      total = 0;
      variance = 0;
    }
    row.removeOldest(1);
    if (row.count == 0) {
      rows.remove(last);
    }
  }

  void write(FlatState.Writer out) {
    out.add(delta).add(time).add(width).add(total).add(variance).add(rows.size());
    for (Row row : rows) {
      out.add(row.count);
      for (int k = 0; k < row.count; k++) {
        out.add(row.totals[k]).add(row.variances[k]);
      }
    }
  }

  static AdwinEstimator read(FlatState.Reader in) {
    AdwinEstimator a = new AdwinEstimator(in.next());
    a.time = (long) in.next();
    a.width = (long) in.next();
    a.total = in.next();
    a.variance = in.next();
    int rowCount = in.nextInt();
    for (int i = 0; i < rowCount; i++) {
      Row row = new Row();
      int count = in.nextInt();
      for (int k = 0; k < count; k++) {
        row.add(in.next(), in.next());
      }
      a.rows.add(row);
    }
    return a;
  }

  AdwinEstimator copy() {
    FlatState.Writer w = new FlatState.Writer();
    write(w);
    return read(new FlatState.Reader(w.toArray()));
  }
}
