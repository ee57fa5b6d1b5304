package dev.streamml.online;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class OnlineFtrlLogisticRegressionTest {

  private static final double ALPHA = 0.5;
  private static final double BETA = 1.0;
  private static final double L1 = 0.1;
  private static final double L2 = 0.2;

  /** McMahan et al. (2013), Algorithm 1, closed-form weight of one coordinate. */
  private static double weight(double z, double n) {
    return Math.abs(z) <= L1 ? 0.0 : -(z - Math.signum(z) * L1) / ((BETA + Math.sqrt(n)) / ALPHA + L2);
  }

  @Test
  public void twoPerCoordinateUpdatesMatchTheAlgorithm() {
    OnlineFtrlLogisticRegression model = OnlineFtrlLogisticRegression.of(ALPHA, BETA, L1, L2);
    double[] x1 = {1, -2};
    model.learn(x1, 1);
    // by hand: w = 0, p = 0.5, g = -0.5 * (1, -2, 1) = (-0.5, 1, -0.5); sigma = |g| / alpha;
    // z = g - sigma * 0 = g; n = g^2 = (0.25, 1, 0.25)
    ModelSnapshot s = model.snapshot();
    assertArrayEquals(new double[] {-0.5, 1.0, -0.5}, s.get("z"), 0.0);
    assertArrayEquals(new double[] {0.25, 1.0, 0.25}, s.get("n"), 0.0);
    // w_0 = 0.4 / ((1 + 0.5) / 0.5 + 0.2) = 0.125; w_1 = -0.9 / ((1 + 1) / 0.5 + 0.2) = -0.9 / 4.2
    assertArrayEquals(new double[] {0.125, -0.9 / 4.2, 0.125}, model.weights(), 1e-15);

    double[] x2 = {0.5, 1};
    double[] z = {-0.5, 1.0, -0.5};
    double[] n = {0.25, 1.0, 0.25};
    double[] w = {weight(z[0], n[0]), weight(z[1], n[1]), weight(z[2], n[2])};
    double p = 1 / (1 + Math.exp(-(w[0] * 0.5 + w[1] * 1 + w[2])));
    assertEquals(p, model.predict(x2), 1e-15);
    double[] xb = {0.5, 1, 1};
    for (int i = 0; i < 3; i++) {
      double g = (p - 0) * xb[i];
      double sigma = (Math.sqrt(n[i] + g * g) - Math.sqrt(n[i])) / ALPHA;
      z[i] += g - sigma * w[i];
      n[i] += g * g;
    }
    model.learn(x2, 0);
    assertArrayEquals(z, model.snapshot().get("z"), 1e-15);
    assertArrayEquals(n, model.snapshot().get("n"), 1e-15);
    assertArrayEquals(
        new double[] {weight(z[0], n[0]), weight(z[1], n[1]), weight(z[2], n[2])}, model.weights(), 1e-15);
  }

  @Test
  public void strongL1KeepsWeightsExactlyZero() {
    OnlineFtrlLogisticRegression model = OnlineFtrlLogisticRegression.of(0.1, 1, 1000, 0);
    Streams.learnAll(model, Streams.noisy(500, 3L), 0, 500);
    assertArrayEquals(new double[4], model.weights(), 0.0);
    assertEquals(0.5, model.predict(new double[] {1, 1, 1}), 0.0);
  }
}
