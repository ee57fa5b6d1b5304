package dev.streamml.pipelines.report;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class SessionsReportTest {
  @Test
  public void histogramPutsOutliersInTheEdgeBuckets() {
    double[] counts = SessionsReport.histogram(new double[] {-1, 0, 4.9, 5, 12, 99}, 5, 3);
    // [0,5): -1, 0, 4.9; [5,10): 5; [10,..): 12, 99
    assertArrayEquals(new double[] {3, 1, 2}, counts, 0.0);
  }

  @Test
  public void nearestRankQuantile() {
    double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertEquals(5, SessionsReport.quantile(sorted, 0.5), 0.0);
    assertEquals(9, SessionsReport.quantile(sorted, 0.9), 0.0);
    assertEquals(1, SessionsReport.quantile(sorted, 0.01), 0.0);
  }
}
