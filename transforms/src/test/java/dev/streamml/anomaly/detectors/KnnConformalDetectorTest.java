package dev.streamml.anomaly.detectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.Test;

public class KnnConformalDetectorTest {

  @Test
  public void unseenShapeScoresNearOneAndRepeatsAreSuppressed() {
    double[] values = DetectorChecks.wave(3000, 13);
    KnnConformalDetector detector = KnnConformalDetector.create();
    for (int i = 0; i < 2000; i++) {
      detector.learn(new double[] {values[i]});
    }
    assertTrue(detector.isWarm());
    double typical = detector.score(new double[] {values[2000]});
    double spike = detector.score(new double[] {values[2000] + 40});
    assertTrue("spike " + spike, spike > 0.99);
    assertTrue("typical " + typical, typical < spike);

    // the same spike just after the first one is no longer news: halved
    detector.learn(new double[] {values[2000] + 40});
    double again = detector.score(new double[] {values[2001] + 40});
    assertTrue("again " + again, again <= 0.5);
  }

  @Test
  public void conformalScoreIsARankAmongRecentAlphas() {
    // A constant stream: every alpha is 0, a new value is beyond all calibration alphas.
    KnnConformalDetector detector =
        KnnConformalDetector.create().withLags(2).withNeighbours(1).withSuppression(0);
    for (int i = 0; i < 50; i++) {
      detector.learn(new double[] {1});
    }
    // 49 vectors stored; 48 alphas (all zero) learned: a different value ranks above all 48
    assertEquals(48.0 / 49.0, detector.score(new double[] {2}), 1e-12);
    assertEquals(0.0, detector.score(new double[] {1}), 0.0);
  }

  @Test
  public void scoresZeroBeforeEnoughContext() {
    KnnConformalDetector detector = KnnConformalDetector.create().withLags(3).withNeighbours(2);
    for (int i = 0; i < 3; i++) {
      assertEquals(0.0, detector.score(new double[] {i}), 0.0);
      detector.learn(new double[] {i});
    }
    assertFalse(detector.isWarm());
    assertThrows(IllegalArgumentException.class, () -> detector.score(new double[] {1, 2}));
  }

  @Test
  public void rejectsBadSettings() {
    KnnConformalDetector d = KnnConformalDetector.create();
    assertThrows(IllegalArgumentException.class, () -> d.withLags(0));
    assertThrows(IllegalArgumentException.class, () -> d.withNeighbours(0));
    assertThrows(IllegalArgumentException.class, () -> d.withNeighbours(d.DEFAULT_MEMORY + 1));
    assertThrows(IllegalArgumentException.class, () -> d.withMemory(5));
    assertThrows(IllegalArgumentException.class, () -> d.withSuppression(-1));
  }

  @Test
  public void scoringBeforeLearningGivesTheSameScoresAsLearningAlone() {
    double[] values = DetectorChecks.wave(1500, 14);
    KnnConformalDetector scored = KnnConformalDetector.create().withMemory(200);
    KnnConformalDetector unscored = KnnConformalDetector.create().withMemory(200);
    double[] withScores = DetectorChecks.run(scored, values);
    for (int i = 0; i < values.length; i++) {
      unscored.learn(new double[] {values[i]});
    }
    double[] probe = {12};
    assertEquals(scored.score(probe), unscored.score(probe), 0.0);
    assertTrue(Arrays.stream(withScores).max().getAsDouble() > 0.9);
  }

  @Test
  public void isDeterministicCopyableAndPure() {
    DetectorChecks.checkContract(
        () -> KnnConformalDetector.create().withMemory(300), DetectorChecks.wave(2000, 15));
  }

  @Test
  public void memoryStaysBounded() {
    DetectorChecks.checkBoundedMemory(KnnConformalDetector::create);
  }

  /**
   * Every score equals, to the last bit, that of a brute-force transcription of the definition in
   * the class javadoc (all vectors kept as arrays, all distances sorted), through many wrap-arounds
   * of the detector's buffers and with non-finite values in between.
   */
  @Test
  public void matchesABruteForceReferenceExactly() {
    SplittableRandom random = new SplittableRandom(7);
    double[] values = new double[6000];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.sin(i / 9.0) + 0.3 * random.nextGaussian() + (i % 997 == 0 ? 6 : 0);
      if (i % 641 == 0) {
        values[i] = Double.NaN;
      }
    }
    KnnConformalDetector small =
        KnnConformalDetector.create()
            .withLags(5)
            .withNeighbours(7)
            .withMemory(150)
            .withCalibration(120)
            .withSuppression(10);
    assertScoresEqual(new BruteForce(5, 7, 150, 120, 10), small, values);
    assertScoresEqual(
        new BruteForce(
            KnnConformalDetector.DEFAULT_LAGS,
            KnnConformalDetector.DEFAULT_NEIGHBOURS,
            KnnConformalDetector.DEFAULT_MEMORY,
            KnnConformalDetector.DEFAULT_CALIBRATION,
            KnnConformalDetector.DEFAULT_SUPPRESSION),
        KnnConformalDetector.create(),
        values);
  }

  private static void assertScoresEqual(
      BruteForce reference, KnnConformalDetector detector, double[] values) {
    int nonZero = 0;
    for (int i = 0; i < values.length; i++) {
      double expected = reference.scoreThenLearn(values[i]);
      double[] point = {values[i]};
      double actual = detector.score(point);
      detector.learn(point);
      assertEquals("point " + i, expected, actual, 0.0);
      nonZero += actual > 0 ? 1 : 0;
    }
    assertTrue("the comparison must cover real scores", nonZero > values.length / 2);
  }

  /** The detector's definition, computed the slow and obvious way. */
  private static final class BruteForce {
    private final int lags;
    private final int neighbours;
    private final int memory;
    private final int calibration;
    private final int suppression;
    private final List<Double> learned = new ArrayList<>();
    private final List<double[]> vectors = new ArrayList<>();
    private final List<Double> alphas = new ArrayList<>();
    private final List<Double> conformal = new ArrayList<>();

    BruteForce(int lags, int neighbours, int memory, int calibration, int suppression) {
      this.lags = lags;
      this.neighbours = neighbours;
      this.memory = memory;
      this.calibration = calibration;
      this.suppression = suppression;
    }

    double scoreThenLearn(double x) {
      if (!Double.isFinite(x)) {
        return 0.0;
      }
      double score = 0.0;
      if (learned.size() >= lags - 1) {
        double[] v = new double[lags];
        for (int j = 0; j < lags - 1; j++) {
          v[j] = learned.get(learned.size() - (lags - 1) + j);
        }
        v[lags - 1] = x;
        if (vectors.size() >= neighbours) {
          double alpha = alpha(v);
          score = rank(alpha);
          for (double previous : suppression > 0 ? conformal : List.<Double>of()) {
            if (score <= previous) {
              score *= KnnConformalDetector.SUPPRESSED_FACTOR;
              break;
            }
          }
          keepLast(conformal, rank(alpha), Math.max(1, suppression));
          keepLast(alphas, alpha, calibration);
        }
        vectors.add(v);
        if (vectors.size() > memory) {
          vectors.remove(0);
        }
      }
      learned.add(x);
      return score;
    }

    private double alpha(double[] v) {
      double[] distances = new double[vectors.size()];
      for (int i = 0; i < vectors.size(); i++) {
        double d = 0.0;
        for (int j = 0; j < lags; j++) {
          double e = vectors.get(i)[j] - v[j];
          d += e * e;
        }
        distances[i] = d;
      }
      Arrays.sort(distances);
      double sum = 0.0;
      for (int i = 0; i < neighbours; i++) {
        sum += Math.sqrt(distances[i]);
      }
      return sum / neighbours;
    }

    /** The fraction of the kept alphas strictly below alpha, over their number plus one. */
    private double rank(double alpha) {
      if (alphas.isEmpty()) {
        return 0.0;
      }
      long below = alphas.stream().filter(a -> a < alpha).count();
      return below / (double) (alphas.size() + 1);
    }

    private static void keepLast(List<Double> list, double value, int size) {
      list.add(value);
      if (list.size() > size) {
        list.remove(0);
      }
    }
  }
}
