package dev.streamml.eval.nab;

import java.time.Instant;

/**
 * A labelled anomaly window of one series: the timestamps of its first and last rows, both
 * inclusive, in epoch milliseconds, as in NAB's {@code labels/combined_windows.json}.
 *
 * <p>Both ends must be timestamps of rows of the series ({@link NabSeries} checks this, as NAB's
 * {@code CorpusLabel} does): a window is a run of rows, not a time interval.
 *
 * <pre>{@code
 * // "2014-04-10 07:15:00.000000" .. "2014-04-11 16:45:00.000000"
 * NabWindow window = NabWindow.of(
 *     Instant.parse("2014-04-10T07:15:00Z").toEpochMilli(),
 *     Instant.parse("2014-04-11T16:45:00Z").toEpochMilli());
 * }</pre>
 */
public final class NabWindow {

  private final long startMillis;
  private final long endMillis;

  private NabWindow(long startMillis, long endMillis) {
    this.startMillis = startMillis;
    this.endMillis = endMillis;
  }

  /**
   * The window from the row at {@code startMillis} to the row at {@code endMillis}, inclusive.
   *
   * @throws IllegalArgumentException if the end is before the start
   */
  public static NabWindow of(long startMillis, long endMillis) {
    if (endMillis < startMillis) {
      throw new IllegalArgumentException(
          "window end "
              + Instant.ofEpochMilli(endMillis)
              + " should not be before its start "
              + Instant.ofEpochMilli(startMillis));
    }
    return new NabWindow(startMillis, endMillis);
  }

  /** Timestamp of the window's first row, epoch milliseconds. */
  public long getStartMillis() {
    return startMillis;
  }

  /** Timestamp of the window's last row, epoch milliseconds. */
  public long getEndMillis() {
    return endMillis;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof NabWindow)) {
      return false;
    }
    NabWindow that = (NabWindow) other;
    return startMillis == that.startMillis && endMillis == that.endMillis;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(startMillis) * 31 + Long.hashCode(endMillis);
  }

  @Override
  public String toString() {
    return "[" + Instant.ofEpochMilli(startMillis) + ", " + Instant.ofEpochMilli(endMillis) + "]";
  }
}
