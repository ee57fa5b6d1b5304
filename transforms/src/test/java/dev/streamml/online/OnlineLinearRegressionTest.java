package dev.streamml.online;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Random;
import org.junit.Test;

public class OnlineLinearRegressionTest {

  @Test
  public void sgdStepsOnSquaredLossMatchTheFormulas() {
    OnlineLinearRegression model = OnlineLinearRegression.of(LearningRate.constant(0.1), 0.5);
    model.learn(new double[] {2, 1}, 3);
    // y_hat = 0, g = -3: w = 0.3 * (2, 1), b = 0.3
    assertArrayEquals(new double[] {0.6, 0.3}, model.weights(), 1e-15);
    assertEquals(0.3, model.bias(), 1e-15);
    model.learn(new double[] {1, -1}, 0);
    // y_hat = 0.6 - 0.3 + 0.3 = 0.6, g = 0.6: w_i -= 0.1 (0.6 x_i + 0.5 w_i)
    assertArrayEquals(
        new double[] {0.6 - 0.1 * (0.6 + 0.3), 0.3 - 0.1 * (-0.6 + 0.15)}, model.weights(), 1e-15);
    assertEquals(0.3 - 0.06, model.bias(), 1e-15);
  }

  @Test
  public void convergesToALinearFunction() {
    OnlineLinearRegression model = OnlineLinearRegression.of(LearningRate.constant(0.05), 0);
    Random random = new Random(1);
    for (int t = 0; t < 20000; t++) {
      double x0 = random.nextDouble() * 2 - 1;
      double x1 = random.nextDouble() * 2 - 1;
      model.learn(new double[] {x0, x1}, 2 * x0 - 3 * x1 + 1);
    }
    assertArrayEquals(new double[] {2, -3}, model.weights(), 1e-6);
    assertEquals(1, model.bias(), 1e-6);
  }

  @Test
  public void hasNoClassProbabilities() {
    assertThrows(UnsupportedOperationException.class,
        () -> OnlineLinearRegression.create().predictProba(new double[] {1}));
  }
}
