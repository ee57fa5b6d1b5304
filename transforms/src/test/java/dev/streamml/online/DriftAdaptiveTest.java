package dev.streamml.online;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.streamml.drift.Ddm;
import dev.streamml.drift.DriftState;
import java.util.Random;
import org.junit.Test;

public class DriftAdaptiveTest {
  private static final int HALF = 4000;

  /** Two features in [0, 1); the class is x0 > 0.5 for the first half, x0 <= 0.5 after. */
  private static double[][] flippingConcept(long seed) {
    Random random = new Random(seed);
    double[][] rows = new double[2 * HALF][];
    for (int t = 0; t < rows.length; t++) {
      double x0 = random.nextDouble();
      double x1 = random.nextDouble();
      boolean positive = t < HALF ? x0 > 0.5 : x0 <= 0.5;
      rows[t] = new double[] {x0, x1, positive ? 1 : 0};
    }
    return rows;
  }

  private static double[] features(double[] row) {
    return new double[] {row[0], row[1]};
  }

  /** Prequential accuracy on rows [from, to) after learning everything before prequentially. */
  private static double accuracyAfterFlip(OnlineModel model, double[][] rows, int from) {
    long correct = 0;
    for (int t = 0; t < rows.length; t++) {
      double[] x = features(rows[t]);
      double[] p = model.predictProba(x);
      int predicted = p[1] > p[0] ? 1 : 0;
      if (t >= from && predicted == (int) rows[t][2]) {
        correct++;
      }
      model.learn(x, rows[t][2]);
    }
    return (double) correct / (rows.length - from);
  }

  @Test
  public void recoversAfterAConceptFlipWhereThePlainModelDoesNot() {
    double[][] rows = flippingConcept(3);
    int from = HALF + 1000;
    double plain = accuracyAfterFlip(OnlineGaussianNaiveBayes.create(2), rows, from);
    DriftAdaptive swapping = DriftAdaptive.swapping(OnlineGaussianNaiveBayes.create(2));
    double adaptive = accuracyAfterFlip(swapping, rows, from);
    // A Gaussian NB keeps the first half's statistics: it stays near chance after the flip.
    assertTrue("plain " + plain, plain < 0.75);
    assertTrue("adaptive " + adaptive, adaptive > 0.9);
    assertTrue("drifts " + swapping.drifts(), swapping.drifts() >= 1);
  }

  /**
   * The scheme by hand: a DDM on the current model's errors, a background model from the first
   * warning, swapped in on drift, dropped when the warning ends.
   */
  @Test
  public void followsTheWarningAndDriftSchemeOfAPlainReference() {
    double[][] rows = flippingConcept(8);
    DriftAdaptive adaptive = DriftAdaptive.swapping(OnlineGaussianNaiveBayes.create(2));
    OnlineModel current = OnlineGaussianNaiveBayes.create(2);
    OnlineModel background = null;
    Ddm ddm = Ddm.create();
    long drifts = 0;
    for (double[] row : rows) {
      double[] x = features(row);
      double[] expected = current.predictProba(x);
      assertArrayEquals(expected, adaptive.predictProba(x), 0.0);
      int predicted = expected[1] > expected[0] ? 1 : 0;
      DriftState state = ddm.update(predicted == (int) row[2] ? 0 : 1);
      if (state == DriftState.DRIFT) {
        current = background != null ? background : OnlineGaussianNaiveBayes.create(2);
        background = null;
        drifts++;
      } else if (state == DriftState.WARNING) {
        background = background == null ? OnlineGaussianNaiveBayes.create(2) : background;
      } else {
        background = null;
      }
      current.learn(x, row[2]);
      if (background != null) {
        background.learn(x, row[2]);
      }
      adaptive.learn(x, row[2]);
      assertEquals(background != null, adaptive.hasBackground());
    }
    assertEquals(drifts, adaptive.drifts());
    assertTrue(drifts >= 1);
  }

  @Test
  public void resetStartsFromAFreshModel() {
    double[][] rows = flippingConcept(5);
    DriftAdaptive resetting = DriftAdaptive.resetting(OnlineGaussianNaiveBayes.create(2));
    accuracyAfterFlip(resetting, rows, 0);
    assertTrue(resetting.drifts() >= 1);
    // The current model has learned only rows since the last drift.
    assertTrue(resetting.current().version() < HALF);
  }

  @Test
  public void learnWithoutAPredictionFirstGivesTheSameModel() {
    double[][] rows = flippingConcept(9);
    DriftAdaptive predicted = DriftAdaptive.swapping(OnlineGaussianNaiveBayes.create(2));
    DriftAdaptive unpredicted = DriftAdaptive.swapping(OnlineGaussianNaiveBayes.create(2));
    for (double[] row : rows) {
      predicted.predictProba(features(row));
      predicted.learn(features(row), row[2]);
      unpredicted.learn(features(row), row[2]);
    }
    assertEquals(predicted.snapshot(), unpredicted.snapshot());
  }

  @Test
  public void refusesRegressors() {
    assertThrows(
        IllegalArgumentException.class,
        () -> DriftAdaptive.swapping(OnlineLinearRegression.create()));
  }
}
