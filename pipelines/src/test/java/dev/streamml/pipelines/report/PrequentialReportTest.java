package dev.streamml.pipelines.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.streamml.pipelines.prequential.PrequentialPipeline.ScoredRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The curves of the prequential report against figures worked out by hand. */
public class PrequentialReportTest {

  @Test
  public void blockAccuracyKappaAndCumulativeAccuracy() {
    List<ScoredRow> rows = new ArrayList<>();
    // Block 1 (rows 0-49): predicted = actual always, classes alternate: accuracy 100, kappa 100.
    for (int i = 0; i < 50; i++) {
      rows.add(new ScoredRow(Integer.toString(i), i % 2, i % 2, 0.5));
    }
    // Block 2 (rows 50-99): always predicts 1, actual alternates: accuracy 50, kappa 0.
    for (int i = 50; i < 100; i++) {
      rows.add(new ScoredRow(Integer.toString(i), 1, i % 2, 0.5));
    }
    PrequentialReport.Curves c = PrequentialReport.curves(rows, 2);
    assertEquals(50, c.block());
    assertEquals(2, c.blockEnd().length);
    assertEquals(50.0, c.blockEnd()[0], 0);
    assertEquals(100.0, c.blockAccuracy()[0], 1e-9);
    assertEquals(100.0, c.blockKappa()[0], 1e-9);
    assertEquals(50.0, c.blockAccuracy()[1], 1e-9);
    assertEquals(0.0, c.blockKappa()[1], 1e-9);
    assertEquals(75.0, c.cumulativeAccuracy()[1], 1e-9);
  }

  @Test
  public void adwinMarksTheErrorRateJumpAndNothingBeforeIt() {
    List<ScoredRow> rows = new ArrayList<>();
    for (int i = 0; i < 6000; i++) {
      // Right every time for 3000 rows, then wrong every other row.
      int actual = i % 2;
      int predicted = i < 3000 || i % 4 < 2 ? actual : 1 - actual;
      rows.add(new ScoredRow(Integer.toString(i), predicted, actual, 0.5));
    }
    PrequentialReport.Curves c = PrequentialReport.curves(rows, 2);
    assertFalse("a drift is found", c.driftRows().isEmpty());
    int first = c.driftRows().get(0);
    assertTrue("first drift " + first + " after the change", first >= 3000 && first < 3300);
    assertEquals("6000 / 200 is below the least block", PrequentialReport.MIN_BLOCK, c.block());
  }
}
