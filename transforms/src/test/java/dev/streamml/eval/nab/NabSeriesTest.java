package dev.streamml.eval.nab;

import static dev.streamml.eval.nab.NabFixtures.at;
import static dev.streamml.eval.nab.NabFixtures.rows;
import static dev.streamml.eval.nab.NabFixtures.timestamps;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for {@link NabSeries} and {@link NabWindow} checks. */
@RunWith(JUnit4.class)
public class NabSeriesTest {

  private static String failure(Runnable build) {
    return assertThrows(IllegalArgumentException.class, build::run).getMessage();
  }

  @Test
  public void copiesItsArrays() {
    long[] timestamps = timestamps(3);
    double[] scores = {0.1, 0.2, 0.3};
    NabSeries series = NabSeries.of("s.csv", timestamps, scores, List.of(rows(1, 2)));
    scores[0] = 9;
    timestamps[0] = 9;

    assertThat(series.getScores()[0], is(0.1));
    assertThat(series.getTimestamps()[0], is(at(0)));
    assertThat(series.getRowCount(), is(3));
    assertThat(series.getWindows(), is(List.of(rows(1, 2))));
  }

  @Test
  public void rejectsMismatchedOrEmptyRows() {
    assertThat(
        failure(() -> NabSeries.of("s.csv", timestamps(3), new double[2], List.of())),
        containsString("got 3 timestamps and 2 scores"));
    assertThat(
        failure(() -> NabSeries.of("s.csv", new long[0], new double[0], List.of())),
        containsString("at least one row"));
    assertThat(
        failure(
            () -> NabSeries.of("s.csv", timestamps(2), new double[] {0, Double.NaN}, List.of())),
        containsString("row 1 should be a finite number, got NaN"));
  }

  @Test
  public void rejectsWindowsOffTheRows() {
    long between = at(1) + 1;
    assertThat(
        failure(
            () ->
                NabSeries.of(
                    "s.csv", timestamps(5), new double[5], List.of(NabWindow.of(between, at(3))))),
        containsString("should start and end at row timestamps"));
  }

  @Test
  public void rejectsWindowsOutOfOrderOrOverlapping() {
    assertThat(
        failure(
            () ->
                NabSeries.of(
                    "s.csv", timestamps(10), new double[10], List.of(rows(5, 7), rows(1, 2)))),
        containsString("in time order and not overlap"));
    assertThat(
        failure(
            () ->
                NabSeries.of(
                    "s.csv", timestamps(10), new double[10], List.of(rows(1, 5), rows(4, 7)))),
        containsString("in time order and not overlap"));
    // Touching windows pass, as NAB's label validation allows them.
    NabSeries.of("s.csv", timestamps(10), new double[10], List.of(rows(1, 4), rows(4, 7)));
  }

  @Test
  public void rejectsWindowEndingBeforeItStarts() {
    assertThat(
        failure(() -> NabWindow.of(at(5), at(4))),
        containsString("should not be before its start"));
  }
}
