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

  @Test
  public void mergedHalvesPredictLikeOneModelThatLearnedAll() {
    java.util.Random random = new java.util.Random(2);
    OnlineGaussianNaiveBayes all = OnlineGaussianNaiveBayes.create(3);
    OnlineGaussianNaiveBayes first = OnlineGaussianNaiveBayes.create(3);
    OnlineGaussianNaiveBayes second = OnlineGaussianNaiveBayes.create(3);
    for (int i = 0; i < 900; i++) {
      int label = random.nextInt(3);
      double[] row = {label + random.nextGaussian(), random.nextDouble() * (label + 1)};
      all.learn(row, label);
      (i % 3 == 0 ? first : second).learn(row, label);
    }
    first.merge(second);
    assertEquals(900, first.version());
    double[] expected = all.snapshot().get("means");
    assertArrayEquals(expected, first.snapshot().get("means"), 1e-12);
    assertArrayEquals(all.snapshot().get("m2"), first.snapshot().get("m2"), 1e-9);
    assertArrayEquals(all.snapshot().get("classCounts"), first.snapshot().get("classCounts"), 0.0);
    for (double x = -1; x < 4; x += 0.25) {
      double[] row = {x, x / 2};
      assertArrayEquals(all.predictProba(row), first.predictProba(row), 1e-9);
    }
  }

  @Test
  public void mergeRefusesOtherClassCountsAndWidths() {
    OnlineGaussianNaiveBayes two = OnlineGaussianNaiveBayes.create(2);
    two.learn(new double[] {1, 2}, 0);
    OnlineGaussianNaiveBayes three = OnlineGaussianNaiveBayes.create(3);
    three.learn(new double[] {1, 2}, 0);
    OnlineGaussianNaiveBayes narrow = OnlineGaussianNaiveBayes.create(2);
    narrow.learn(new double[] {1}, 0);
    assertThrows(IllegalArgumentException.class, () -> two.merge(three));
    assertThrows(IllegalArgumentException.class, () -> two.merge(narrow));
  }
}
