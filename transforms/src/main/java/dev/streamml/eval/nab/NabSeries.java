package dev.streamml.eval.nab;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One labelled series (a NAB "data file") with a detector's output: the row timestamps in file
 * order, the anomaly score the detector gave each row, and the labelled anomaly windows.
 *
 * <p>Rows stay in the order given: NAB scores by row position, not by elapsed time. Timestamps may
 * repeat or step back (a few NAB files do, around daylight-saving changes); like NAB, a window is
 * entered at the first row carrying its start timestamp and its last row is the first row carrying
 * its end timestamp.
 *
 * <p>Checked when built: the name is not blank, there is at least one row, timestamps and scores
 * have the same length, every score is finite, and windows are in time order, do not overlap (a
 * window may start at the timestamp where the previous one ends, as NAB's label validation allows)
 * and start and end at timestamps of rows of this series (as NAB's {@code CorpusLabel} requires).
 * NAB detectors give scores in [0, 1]; other finite scores are accepted. The arrays are copied.
 *
 * <pre>{@code
 * long[] timestamps = ...;   // epoch millis of each CSV row
 * double[] scores = ...;     // detector output per row, same length
 * List<NabWindow> windows = List.of(NabWindow.of(startMillis, endMillis));
 * NabSeries series = NabSeries.of("realKnownCause/nyc_taxi.csv", timestamps, scores, windows);
 * }</pre>
 */
public final class NabSeries {

  private final String name;
  private final long[] timestamps;
  private final double[] scores;
  private final List<NabWindow> windows;

  private NabSeries(String name, long[] timestamps, double[] scores, List<NabWindow> windows) {
    this.name = name;
    this.timestamps = timestamps;
    this.scores = scores;
    this.windows = windows;
  }

  /**
   * A series named {@code name} (unique within a corpus; NAB uses the relative file path).
   *
   * @throws IllegalArgumentException if any of the checks in the class description fails
   */
  public static NabSeries of(
      String name, long[] timestamps, double[] scores, List<NabWindow> windows) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("series name should be a non-blank string");
    }
    if (timestamps == null || scores == null || windows == null) {
      throw new IllegalArgumentException(
          "series " + name + ": timestamps, scores and windows should not be null");
    }
    if (timestamps.length == 0) {
      throw new IllegalArgumentException("series " + name + " should have at least one row");
    }
    if (timestamps.length != scores.length) {
      throw new IllegalArgumentException(
          "series "
              + name
              + ": timestamps and scores should have the same length, got "
              + timestamps.length
              + " timestamps and "
              + scores.length
              + " scores");
    }
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isFinite(scores[i])) {
        throw new IllegalArgumentException(
            "series "
                + name
                + ": the anomaly score of row "
                + i
                + " should be a finite number, got "
                + scores[i]);
      }
    }
    List<NabWindow> windowsCopy = List.copyOf(new ArrayList<>(windows));
    checkWindows(name, timestamps, windowsCopy);
    return new NabSeries(name, timestamps.clone(), scores.clone(), windowsCopy);
  }

  private static void checkWindows(String name, long[] timestamps, List<NabWindow> windows) {
    Map<Long, Integer> firstRows = firstRows(timestamps);
    NabWindow previous = null;
    for (NabWindow window : windows) {
      if (previous != null
          && (window.getStartMillis() < previous.getEndMillis() || window.equals(previous))) {
        throw new IllegalArgumentException(
            "series "
                + name
                + ": windows should be in time order and not overlap, but "
                + window
                + " follows "
                + previous);
      }
      for (long t : new long[] {window.getStartMillis(), window.getEndMillis()}) {
        if (!firstRows.containsKey(t)) {
          throw new IllegalArgumentException(
              "series "
                  + name
                  + ": window "
                  + window
                  + " should start and end at row timestamps, but no row is at "
                  + Instant.ofEpochMilli(t));
        }
      }
      if (firstRows.get(window.getEndMillis()) < firstRows.get(window.getStartMillis())) {
        throw new IllegalArgumentException(
            "series "
                + name
                + ": the first row at the end of window "
                + window
                + " should not come before the first row at its start");
      }
      previous = window;
    }
  }

  /** Row index of the first row carrying each timestamp, as Python's {@code list.index}. */
  static Map<Long, Integer> firstRows(long[] timestamps) {
    Map<Long, Integer> firstRows = new HashMap<>();
    for (int i = 0; i < timestamps.length; i++) {
      firstRows.putIfAbsent(timestamps[i], i);
    }
    return firstRows;
  }

  /** The series name, unique within a corpus. */
  public String getName() {
    return name;
  }

  /** Number of rows. */
  public int getRowCount() {
    return timestamps.length;
  }

  /** A copy of the row timestamps, epoch milliseconds. */
  public long[] getTimestamps() {
    return timestamps.clone();
  }

  /** A copy of the anomaly scores, one per row. */
  public double[] getScores() {
    return scores.clone();
  }

  /** The labelled windows, in time order. */
  public List<NabWindow> getWindows() {
    return windows;
  }

  long timestampAt(int row) {
    return timestamps[row];
  }

  double scoreAt(int row) {
    return scores[row];
  }

  @Override
  public String toString() {
    return "NabSeries{"
        + name
        + ", rows="
        + timestamps.length
        + ", windows="
        + windows
        + ", first scores="
        + Arrays.toString(Arrays.copyOf(scores, Math.min(5, scores.length)))
        + "}";
  }
}
