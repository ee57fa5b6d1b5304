package dev.streamml.online;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class OnlineGaussianNaiveBayesTest {

  private static double pdf(double x, double mean, double variance) {
    return Math.exp(-(x - mean) * (x - mean) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
  }

  private static OnlineGaussianNaiveBayes fitted() {
    OnlineGaussianNaiveBayes nb = OnlineGaussianNaiveBayes.create(2);
    nb.learn(new double[] {1, 10}, 0);
    nb.learn(new double[] {5, 0}, 1);
    nb.learn(new double[] {3, 14}, 0);
    nb.learn(new double[] {6, 1}, 1);
    nb.learn(new double[] {10, 2}, 1);
    return nb;
  }

  @Test
  public void countsMeansAndVariancesMatchTheHandComputation() {
    ModelSnapshot s = fitted().snapshot();
    assertArrayEquals(new double[] {2, 3}, s.get("classCounts"), 0.0);
    // class 0: means (2, 12), squared deviations (1 + 1, 4 + 4); class 1: means (7, 1), (4 + 1 + 9, 1 + 0 + 1)
    assertArrayEquals(new double[] {2, 12, 7, 1}, s.get("means"), 1e-12);
    assertArrayEquals(new double[] {2, 8, 14, 2}, s.get("m2"), 1e-12);
  }

  @Test
  public void probabilitiesArePriorTimesGaussianLikelihoods() {
    double[] x = {4, 5};
    // priors 2/5 and 3/5; sample variances (2, 8) and (7, 1)
    double a = 0.4 * pdf(4, 2, 2) * pdf(5, 12, 8);
    double b = 0.6 * pdf(4, 7, 7) * pdf(5, 1, 1);
    double[] p = fitted().predictProba(x);
    assertArrayEquals(new double[] {a / (a + b), b / (a + b)}, p, 1e-12);
    assertEquals(b / (a + b), fitted().predict(x), 1e-12);
  }

  @Test
  public void multiClassPredictsTheMostProbableClass() {
    OnlineGaussianNaiveBayes nb = OnlineGaussianNaiveBayes.create(3);
    for (int i = 0; i < 5; i++) {
      nb.learn(new double[] {0 + 0.1 * i}, 0);
      nb.learn(new double[] {5 + 0.1 * i}, 1);
      nb.learn(new double[] {10 + 0.1 * i}, 2);
    }
    assertEquals(2.0, nb.predict(new double[] {9.5}), 0.0);
    assertEquals(1.0, nb.predict(new double[] {5.3}), 0.0);
    assertEquals(3, nb.predictProba(new double[] {1}).length);
  }

  @Test
  public void unseenClassHasProbabilityZeroAndEmptyModelIsUniform() {
    OnlineGaussianNaiveBayes nb = OnlineGaussianNaiveBayes.create(2);
    assertArrayEquals(new double[] {0.5, 0.5}, nb.predictProba(new double[] {3}), 0.0);
    nb.learn(new double[] {3}, 1);
    assertArrayEquals(new double[] {0, 1}, nb.predictProba(new double[] {100}), 0.0);
  }

  @Test
  public void refusesLabelsOutsideTheClasses() {
    assertThrows(IllegalArgumentException.class,
        () -> OnlineGaussianNaiveBayes.create(2).learn(new double[] {1}, 2));
    assertThrows(IllegalArgumentException.class,
        () -> OnlineGaussianNaiveBayes.create(2).learn(new double[] {1}, 0.5));
  }
}
