package dev.streamml.eval.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Random;
import org.junit.Test;

public class RegressionMetricsTest {

  /**
   * (actual, predicted) = (3, 2.5), (-0.5, 0), (2, 2), (7, 8): errors 0.5, -0.5, 0, -1; MAE = 2 / 4
   * = 0.5; squared errors 0.25 + 0.25 + 0 + 1 = 1.5, RMSE = sqrt(1.5 / 4) = sqrt(0.375).
   */
  @Test
  public void fourPredictionsMatchHandComputation() {
    RegressionMetrics metrics =
        new RegressionMetrics().add(3, 2.5).add(-0.5, 0).add(2, 2).add(7, 8);
    assertEquals(4, metrics.count());
    assertEquals(0.5, metrics.mae(), 1e-12);
    assertEquals(Math.sqrt(0.375), metrics.rmse(), 1e-12);
  }

  @Test
  public void mergeEqualsSinglePass() {
    Random random = new Random(3);
    RegressionMetrics single = new RegressionMetrics();
    RegressionMetrics left = new RegressionMetrics();
    RegressionMetrics right = new RegressionMetrics();
    for (int i = 0; i < 1_000; i++) {
      double actual = random.nextGaussian() * 10;
      double predicted = actual + random.nextGaussian();
      single.add(actual, predicted);
      (random.nextBoolean() ? left : right).add(actual, predicted);
    }
    RegressionMetrics merged = left.copy().merge(right);
    assertEquals(single.count(), merged.count());
    assertEquals(single.mae(), merged.mae(), 1e-12);
    assertEquals(single.rmse(), merged.rmse(), 1e-12);
  }

  @Test
  public void emptyIsNanAndBadValuesAreRejected() {
    assertTrue(Double.isNaN(new RegressionMetrics().mae()));
    assertTrue(Double.isNaN(new RegressionMetrics().rmse()));
    assertThrows(IllegalArgumentException.class, () -> new RegressionMetrics().add(Double.NaN, 1));
  }
}
