package dev.streamml.eval.metrics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.Test;

public class ClassificationMetricsTest {

  /**
   * Ten binary predictions (actual, predicted, probability of class 1):
   *
   * <pre>
   *   positives: (1,1,.9) (1,1,.8) (1,1,.7) (1,1,.6) (1,1,.55) (1,0,.4)
   *   negatives: (0,1,.6) (0,0,.4) (0,0,.2) (0,0,.1)
   *
   *   confusion      predicted 0  predicted 1   actual total
   *   actual 0            3            1             4
   *   actual 1            1            5             6
   *   predicted total     4            6            10
   *
   *   accuracy p0 = (3 + 5) / 10 = 0.8
   *   chance   pc = (4/10)(4/10) + (6/10)(6/10) = 0.16 + 0.36 = 0.52
   *   kappa       = (0.8 - 0.52) / (1 - 0.52) = 0.28 / 0.48 = 0.583333...
   *
   *   AUC, pairs won by each positive over the 4 negatives (ties 1/2):
   *     .9: 4   .8: 4   .7: 4   .6: 3 + 1/2 (tie .6)   .55: 3   .4: 2 + 1/2 (tie .4)
   *     = 21 of 24 pairs = 0.875
   *
   *   log loss = (-ln .9 - ln .8 - ln .7 - ln .6 - ln .55 - ln .4      positives
   *               - ln .4 - ln .6 - ln .8 - ln .9) / 10                 negatives: ln(1 - p)
   *            = 4.4657528 / 10 = 0.44657528
   * </pre>
   */
  private static ClassificationMetrics handExample(ClassificationMetrics metrics) {
    return metrics
        .add(1, 1, 0.9)
        .add(1, 1, 0.8)
        .add(1, 1, 0.7)
        .add(1, 1, 0.6)
        .add(1, 1, 0.55)
        .add(1, 0, 0.4)
        .add(0, 1, 0.6)
        .add(0, 0, 0.4)
        .add(0, 0, 0.2)
        .add(0, 0, 0.1);
  }

  @Test
  public void tenPredictionsMatchHandComputation() {
    ClassificationMetrics metrics = handExample(ClassificationMetrics.binary());
    assertEquals(10, metrics.count());
    assertEquals(3, metrics.confusion(0, 0));
    assertEquals(1, metrics.confusion(0, 1));
    assertEquals(1, metrics.confusion(1, 0));
    assertEquals(5, metrics.confusion(1, 1));
    assertEquals(0.8, metrics.accuracy(), 1e-12);
    assertEquals(0.28 / 0.48, metrics.kappa(), 1e-12);
    assertEquals(0.875, metrics.rocAuc(), 1e-12);
    assertEquals(0.44657527899187166, metrics.logLoss(), 1e-12);
    // The two true ties share cells: 2 of 24 pairs, so the bound is 1/24 although AUC is exact.
    assertEquals(1.0 / 24, metrics.rocAucErrorBound(), 1e-12);
  }

  /**
   * Two cells split at 0.5: positives 1 below, 5 above; negatives 3 below, 1 above. The binned AUC
   * counts 1 x (3 / 2) + 5 x (3 + 1 / 2) = 19 of 24 = 0.7917, within the bound (1 x 3 + 5 x 1) / 2
   * / 24 = 1/6 of the exact 0.875.
   */
  @Test
  public void coarseBinsStayWithinTheStatedBound() {
    ClassificationMetrics metrics = handExample(ClassificationMetrics.binary().withBins(2));
    assertEquals(19.0 / 24, metrics.rocAuc(), 1e-12);
    assertEquals(4.0 / 24, metrics.rocAucErrorBound(), 1e-12);
    assertThat(Math.abs(metrics.rocAuc() - 0.875), lessThanOrEqualTo(metrics.rocAucErrorBound()));
  }

  /**
   * 20,000 continuous scores (positives ~ N(0.6, 0.15), negatives ~ N(0.4, 0.15), clipped to [0,
   * 1]): the default 1000 cells give the exact pair-counting AUC within the reported bound, and
   * that bound is below 0.002 (densities are at most about 2.7 per unit, so f / (2 bins) = 0.0014).
   */
  @Test
  public void defaultBinsApproximateTheExactAucOfALargeStream() {
    Random random = new Random(42);
    ClassificationMetrics metrics = ClassificationMetrics.binary();
    double[] positives = new double[10_000];
    double[] negatives = new double[10_000];
    for (int i = 0; i < 10_000; i++) {
      positives[i] = clip(0.6 + 0.15 * random.nextGaussian());
      negatives[i] = clip(0.4 + 0.15 * random.nextGaussian());
      metrics.add(1, positives[i] >= 0.5 ? 1 : 0, positives[i]);
      metrics.add(0, negatives[i] >= 0.5 ? 1 : 0, negatives[i]);
    }
    double exact = exactAuc(positives, negatives);
    assertThat(metrics.rocAucErrorBound(), lessThan(0.002));
    assertThat(Math.abs(metrics.rocAuc() - exact), lessThanOrEqualTo(metrics.rocAucErrorBound()));
  }

  /**
   * Three classes, confusion (rows actual, columns predicted) [[4,1,0],[1,3,1],[0,0,2]]: p0 = 9/12,
   * actual totals 5,5,2, predicted totals 5,4,3, pc = (25 + 20 + 6) / 144 = 51/144, kappa = (108 -
   * 51) / (144 - 51) = 57/93 = 19/31.
   */
  @Test
  public void multiClassKappaMatchesHandComputation() {
    ClassificationMetrics metrics = ClassificationMetrics.forClasses(3);
    int[][] confusion = {{4, 1, 0}, {1, 3, 1}, {0, 0, 2}};
    for (int actual = 0; actual < 3; actual++) {
      for (int predicted = 0; predicted < 3; predicted++) {
        for (int i = 0; i < confusion[actual][predicted]; i++) {
          metrics.add(actual, predicted);
        }
      }
    }
    assertEquals(0.75, metrics.accuracy(), 1e-12);
    assertEquals(19.0 / 31, metrics.kappa(), 1e-12);
    assertTrue(Double.isNaN(metrics.logLoss()));
    assertTrue(Double.isNaN(metrics.rocAuc()));
  }

  @Test
  public void mergeEqualsSinglePass() {
    Random random = new Random(7);
    ClassificationMetrics single = ClassificationMetrics.binary();
    ClassificationMetrics[] parts = {
      ClassificationMetrics.binary(), ClassificationMetrics.binary(), ClassificationMetrics.binary()
    };
    for (int i = 0; i < 3_000; i++) {
      int actual = random.nextInt(2);
      double p = clip((actual == 1 ? 0.6 : 0.4) + 0.2 * random.nextGaussian());
      int predicted = p >= 0.5 ? 1 : 0;
      single.add(actual, predicted, p);
      parts[random.nextInt(3)].add(actual, predicted, p);
    }
    ClassificationMetrics merged = parts[0].copy().merge(parts[1]).merge(parts[2]);
    assertEquals(single.count(), merged.count());
    assertEquals(single.accuracy(), merged.accuracy(), 0);
    assertEquals(single.kappa(), merged.kappa(), 0);
    assertEquals(single.rocAuc(), merged.rocAuc(), 0);
    assertEquals(single.logLoss(), merged.logLoss(), 1e-12);
    for (int a = 0; a < 2; a++) {
      for (int p = 0; p < 2; p++) {
        assertEquals(single.confusion(a, p), merged.confusion(a, p));
      }
    }
  }

  @Test
  public void logLossClipsCertainMistakes() {
    ClassificationMetrics metrics = ClassificationMetrics.binary().add(1, 0, 0.0);
    assertEquals(-Math.log(1e-15), metrics.logLoss(), 1e-9);
    assertEquals(-Math.log(1e-15), ClassificationMetrics.binary().add(0, 1, 1.0).logLoss(), 1e-3);
    assertTrue(Double.isFinite(ClassificationMetrics.binary().add(1, 1, 1.0).logLoss()));
  }

  @Test
  public void kappaIsNanWhenChanceAgreementIsCertain() {
    ClassificationMetrics metrics = ClassificationMetrics.binary().add(1, 1).add(1, 1);
    assertEquals(1.0, metrics.accuracy(), 0);
    assertTrue(Double.isNaN(metrics.kappa()));
    assertTrue(Double.isNaN(ClassificationMetrics.binary().accuracy()));
  }

  @Test
  public void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.binary().add(2, 0));
    assertThrows(
        IllegalArgumentException.class, () -> ClassificationMetrics.binary().add(1, 1, 1.5));
    assertThrows(
        IllegalStateException.class, () -> ClassificationMetrics.forClasses(3).add(1, 1, 0.5));
    assertThrows(
        IllegalArgumentException.class,
        () -> ClassificationMetrics.binary().merge(ClassificationMetrics.binary().withBins(10)));
  }

  private static double clip(double p) {
    return Math.min(1, Math.max(0, p));
  }

  /** Mann-Whitney by sorting: the share of positive-negative pairs won, ties one half. */
  private static double exactAuc(double[] positives, double[] negatives) {
    double[] sorted = negatives.clone();
    Arrays.sort(sorted);
    double wins = 0;
    for (double p : positives) {
      int below = lowerBound(sorted, p);
      int notAbove = lowerBound(sorted, Math.nextUp(p));
      wins += below + 0.5 * (notAbove - below);
    }
    return wins / ((double) positives.length * negatives.length);
  }

  private static int lowerBound(double[] sorted, double value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
