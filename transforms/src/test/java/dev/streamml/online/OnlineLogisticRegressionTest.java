package dev.streamml.online;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class OnlineLogisticRegressionTest {

  private static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }

  @Test
  public void threeSgdStepsMatchTheFormulas() {
    double eta0 = 0.5;
    double power = 0.5;
    double l2 = 0.01;
    OnlineLogisticRegression model =
        OnlineLogisticRegression.of(LearningRate.inverseScaling(eta0, power), l2);
    double[][] x = {{1, 2}, {-1, 0.5}, {0.5, -1}};
    double[] y = {1, 0, 1};

    // step 1 by hand: p = 0.5, g = -0.5, eta = 0.5: w = 0.25 x, b = 0.25
    model.learn(x[0], y[0]);
    assertArrayEquals(new double[] {0.25, 0.5}, model.weights(), 1e-15);
    assertEquals(0.25, model.bias(), 1e-15);

    double[] w = {0.25, 0.5};
    double b = 0.25;
    for (int t = 1; t < 3; t++) {
      double p = sigmoid(w[0] * x[t][0] + w[1] * x[t][1] + b);
      assertEquals(p, model.predict(x[t]), 1e-12);
      double g = p - y[t];
      double eta = eta0 / Math.sqrt(1.0 + t);
      w = new double[] {w[0] - eta * (g * x[t][0] + l2 * w[0]), w[1] - eta * (g * x[t][1] + l2 * w[1])};
      b -= eta * g;
      model.learn(x[t], y[t]);
    }
    assertArrayEquals(w, model.weights(), 1e-12);
    assertEquals(b, model.bias(), 1e-12);
    double p = sigmoid(w[0] * 2 + w[1] * 3 + b);
    assertArrayEquals(new double[] {1 - p, p}, model.predictProba(new double[] {2, 3}), 1e-12);
  }

  @Test
  public void untrainedModelPredictsOneHalf() {
    assertEquals(0.5, OnlineLogisticRegression.create().predict(new double[] {3, -4}), 0.0);
  }

  @Test
  public void learnsASeparableStream() {
    OnlineModel model = StandardScaled.wrap(OnlineLogisticRegression.create());
    double[][] rows = Streams.separable(4000, 3, 5L);
    Streams.learnAll(model, rows, 0, 3000);
    int correct = 0;
    for (int t = 3000; t < 4000; t++) {
      if ((model.predict(Streams.features(rows[t])) > 0.5 ? 1 : 0) == Streams.label(rows[t])) {
        correct++;
      }
    }
    assertEquals(1.0, correct / 1000.0, 0.05);
  }

  @Test
  public void refusesLabelsOtherThanZeroAndOne() {
    assertThrows(IllegalArgumentException.class,
        () -> OnlineLogisticRegression.create().learn(new double[] {1}, 2));
  }

  @Test
  public void refusesNegativeL2AndRates() {
    assertThrows(IllegalArgumentException.class, () -> OnlineLogisticRegression.of(LearningRate.constant(0.1), -1));
    assertThrows(IllegalArgumentException.class, () -> LearningRate.constant(0));
    assertThrows(IllegalArgumentException.class, () -> LearningRate.inverseScaling(0.1, -0.5));
  }

  @Test
  public void learningRateSchedules() {
    assertEquals(0.3, LearningRate.constant(0.3).at(1000), 0.0);
    assertEquals(1.0 / 3.0, LearningRate.inverseScaling(1.0, 1.0).at(2), 1e-15);
    assertEquals(0.5, LearningRate.inverseScaling(1.0, 0.5).at(3), 1e-15);
  }
}
