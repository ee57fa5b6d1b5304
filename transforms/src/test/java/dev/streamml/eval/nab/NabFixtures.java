package dev.streamml.eval.nab;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small hand-built series for the NAB tests: one row a minute, windows given by row numbers. */
final class NabFixtures {
  static final long T0 = Instant.parse("2014-04-01T00:00:00Z").toEpochMilli();
  static final long MINUTE = 60_000L;

  private NabFixtures() {}

  /** The timestamp of row {@code row}. */
  static long at(int row) {
    return T0 + row * MINUTE;
  }

  static long[] timestamps(int rows) {
    long[] timestamps = new long[rows];
    for (int i = 0; i < rows; i++) {
      timestamps[i] = at(i);
    }
    return timestamps;
  }

  /** The window from row {@code first} to row {@code last}, inclusive. */
  static NabWindow rows(int first, int last) {
    return NabWindow.of(at(first), at(last));
  }

  /**
   * A series of {@code rows} rows scoring 0 everywhere except the given {@code (row, score)} pairs,
   * with the given windows.
   */
  static NabSeries series(String name, int rows, List<NabWindow> windows, double... rowScores) {
    double[] scores = new double[rows];
    for (int i = 0; i < rowScores.length; i += 2) {
      scores[(int) rowScores[i]] = rowScores[i + 1];
    }
    return NabSeries.of(name, timestamps(rows), scores, new ArrayList<>(windows));
  }
}
