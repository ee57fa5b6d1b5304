package dev.streamml.eval.nab;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The rows of a corpus that NAB scores (every row after each series' probationary period), each
 * with its anomaly score, its NAB weight if detected ({@code sweepScore}) and its window.
 *
 * <p>Built as NAB's {@code Sweeper.calcSweepScore} builds its {@code AnomalyPoint}s, series after
 * series, rows in file order; that order also settles ties when sorting by anomaly score, as in
 * NAB's stable sort.
 */
final class ScorableRows {

  /** Window id of a row outside every window. */
  static final int OUTSIDE = -1;

  final double[] anomalyScores;
  final double[] sweepScores;

  /** Corpus-wide window id per row, or {@link #OUTSIDE}. */
  final int[] windowIds;

  /** Rows of series {@code s} are {@code seriesRowStart[s]} until {@code seriesRowStart[s + 1]}. */
  final int[] seriesRowStart;

  /**
   * Windows with at least one scorable row; those of series {@code s} have ids {@code
   * seriesWindowStart[s]} until {@code seriesWindowStart[s + 1]}.
   */
  final int[] seriesWindowStart;

  /** Every labelled window of the corpus, scorable or not (NAB's {@code tpCount}). */
  final int labelledWindowCount;

  private int size;

  private ScorableRows(int capacity, int seriesCount, int labelledWindowCount) {
    anomalyScores = new double[capacity];
    sweepScores = new double[capacity];
    windowIds = new int[capacity];
    seriesRowStart = new int[seriesCount + 1];
    seriesWindowStart = new int[seriesCount + 1];
    this.labelledWindowCount = labelledWindowCount;
  }

  static ScorableRows of(List<NabSeries> corpus, NabProfile profile, double probationPercent) {
    int capacity = 0;
    int labelled = 0;
    for (NabSeries series : corpus) {
      capacity += series.getRowCount();
      labelled += series.getWindows().size();
    }
    ScorableRows rows = new ScorableRows(capacity, corpus.size(), labelled);
    int nextWindowId = 0;
    for (int s = 0; s < corpus.size(); s++) {
      rows.seriesRowStart[s] = rows.size;
      rows.seriesWindowStart[s] = nextWindowId;
      nextWindowId = rows.addSeries(corpus.get(s), profile, probationPercent, nextWindowId);
    }
    rows.seriesRowStart[corpus.size()] = rows.size;
    rows.seriesWindowStart[corpus.size()] = nextWindowId;
    return rows;
  }

  /**
   * Follows {@code Sweeper.calcSweepScore} row by row. Returns the next free window id.
   *
   * <p>A window is entered at the row whose timestamp equals the next window's start; its right
   * index is the first row carrying its end timestamp ({@code timestamps.index(end)}), its width
   * that index minus the first row at its start, plus one. Inside, a row at index {@code i} weighs
   * {@code scaledSigmoid(-(right - i + 1) / width) * A_TP / scaledSigmoid(-1)}, which is exactly
   * A_TP at the window's first row. Outside, a row weighs {@code -A_FP} before the first window and
   * {@code scaledSigmoid(|prevRight - i| / (prevWidth - 1)) * A_FP} after one. The window is left
   * after the row carrying its end timestamp. Rows before the probationary length are dropped, but
   * positions still count them.
   */
  private int addSeries(
      NabSeries series, NabProfile profile, double probationPercent, int firstWindowId) {
    int rowCount = series.getRowCount();
    List<NabWindow> windows = series.getWindows();
    Map<Long, Integer> firstRows = NabSeries.firstRows(series.getTimestamps());
    double probationaryLength = NabScorer.probationaryLength(probationPercent, rowCount);
    double maxTruePositive = NabScorer.scaledSigmoid(-1.0);
    double tpWeight = profile.getTruePositiveWeight();
    double fpWeight = profile.getFalsePositiveWeight();

    int nextWindowId = firstWindowId;
    int nextWindow = 0;
    int current = -1;
    int currentId = OUTSIDE;
    int currentRight = 0;
    double currentWidth = 0;
    int previousRight = -1;
    double previousWidth = 0;
    for (int i = 0; i < rowCount; i++) {
      long timestamp = series.timestampAt(i);
      if (nextWindow < windows.size() && timestamp == windows.get(nextWindow).getStartMillis()) {
        NabWindow window = windows.get(nextWindow);
        current = nextWindow++;
        currentId = OUTSIDE;
        currentRight = firstRows.get(window.getEndMillis());
        currentWidth = (double) (currentRight - firstRows.get(window.getStartMillis()) + 1);
      }

      double sweepScore;
      if (current >= 0) {
        double position = -(currentRight - i + 1) / currentWidth;
        sweepScore = NabScorer.scaledSigmoid(position) * tpWeight / maxTruePositive;
      } else if (previousRight < 0) {
        sweepScore = -1.0 * fpWeight;
      } else {
        // NAB divides by zero here after a one-row window; IEEE gives +Infinity, so such rows
        // weigh -A_FP, the limit of the formula.
        double position = Math.abs(previousRight - i) / (previousWidth - 1);
        sweepScore = NabScorer.scaledSigmoid(position) * fpWeight;
      }

      if (i >= probationaryLength) {
        if (current >= 0 && currentId == OUTSIDE) {
          currentId = nextWindowId++;
        }
        anomalyScores[size] = series.scoreAt(i);
        sweepScores[size] = sweepScore;
        windowIds[size] = current >= 0 ? currentId : OUTSIDE;
        size++;
      }

      if (current >= 0 && timestamp == windows.get(current).getEndMillis()) {
        previousRight = i;
        previousWidth = currentWidth;
        current = -1;
        currentId = OUTSIDE;
      }
    }
    return nextWindowId;
  }

  int size() {
    return size;
  }

  int scorableWindowCount() {
    return seriesWindowStart[seriesWindowStart.length - 1];
  }

  /**
   * Row indexes sorted by anomaly score, highest first; equal scores keep corpus order (NAB's
   * {@code sorted(..., reverse=True)} is stable).
   */
  Integer[] byScoreDescending() {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    // Arrays.sort on objects is a stable merge sort.
    Arrays.sort(order, (a, b) -> Double.compare(anomalyScores[b], anomalyScores[a]));
    return order;
  }

  double maxAnomalyScore() {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      max = Math.max(max, anomalyScores[i]);
    }
    return max;
  }
}
