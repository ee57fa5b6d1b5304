package dev.streamml.anomaly.detectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ZScoreDetectorTest {

  /** 1 - 2 (1 - Phi(|z|)) = 2 * integral of the normal density over [0, |z|], by Simpson's rule. */
  private static double expectedScore(double z) {
    double b = Math.min(Math.abs(z), 12);
    int steps = 2000;
    double h = b / steps;
    double sum = 0;
    for (int i = 0; i <= steps; i++) {
      double w = i == 0 || i == steps ? 1 : (i % 2 == 1 ? 4 : 2);
      sum += w * Math.exp(-(i * h) * (i * h) / 2);
    }
    return 2 * (h / 3) * sum / Math.sqrt(2 * Math.PI);
  }

  @Test
  public void windowScoreMatchesNaiveLoopOverLastFive() {
    double[] values = DetectorChecks.wave(400, 1);
    ZScoreDetector detector = ZScoreDetector.overLast(5);
    for (int i = 0; i < values.length; i++) {
      if (i >= 2) {
        int from = Math.max(0, i - 5);
        double mean = 0;
        for (int j = from; j < i; j++) {
          mean += values[j];
        }
        mean /= i - from;
        double var = 0;
        for (int j = from; j < i; j++) {
          var += (values[j] - mean) * (values[j] - mean);
        }
        double z = (values[i] - mean) / Math.sqrt(var / (i - from));
        assertEquals("point " + i, expectedScore(z), detector.score(new double[] {values[i]}), 1e-6);
      }
      detector.learn(new double[] {values[i]});
    }
  }

  @Test
  public void halfLifeScoreMatchesNaiveExponentialMoments() {
    double[] values = DetectorChecks.wave(300, 2);
    double halfLife = 10;
    double alpha = 1 - Math.pow(0.5, 1 / halfLife);
    ZScoreDetector detector = ZScoreDetector.withHalfLife(halfLife);
    for (int i = 0; i < values.length; i++) {
      if (i >= 2) {
        // weights of the learned values: (1 - alpha)^age, the first one carrying the remainder
        double mean = values[0];
        double var = 0;
        for (int j = 1; j < i; j++) {
          double d = values[j] - mean;
          mean += alpha * d;
          var = (1 - alpha) * (var + alpha * d * d);
        }
        double z = (values[i] - mean) / Math.sqrt(var);
        assertEquals(expectedScore(z), detector.score(new double[] {values[i]}), 1e-6);
      }
      detector.learn(new double[] {values[i]});
    }
  }

  @Test
  public void scoresOneStandardDeviationAsSixtyEightPercent() {
    ZScoreDetector detector = ZScoreDetector.overLast(4);
    for (double v : new double[] {1, 3, 1, 3}) {
      detector.learn(new double[] {v});
    }
    // mean 2, population std 1
    assertEquals(0.6827, detector.score(new double[] {3}), 1e-4);
    assertEquals(0.9545, detector.score(new double[] {0}), 1e-4);
    assertEquals(0.0, detector.score(new double[] {2}), 1e-12);
  }

  @Test
  public void constantStreamScoresZeroForSameValueAndOneOtherwise() {
    ZScoreDetector detector = ZScoreDetector.overLast(10);
    for (int i = 0; i < 20; i++) {
      detector.learn(new double[] {5});
    }
    assertEquals(0.0, detector.score(new double[] {5}), 0.0);
    assertEquals(1.0, detector.score(new double[] {5.1}), 0.0);
  }

  @Test
  public void warmsUpAfterMinPoints() {
    ZScoreDetector detector = ZScoreDetector.overLast(50).withMinPoints(3);
    assertEquals(0.0, detector.score(new double[] {7}), 0.0);
    detector.learn(new double[] {1});
    detector.learn(new double[] {2});
    assertFalse(detector.isWarm());
    detector.learn(new double[] {3});
    assertTrue(detector.isWarm());
    assertFalse(ZScoreDetector.create().isWarm());
    assertEquals(ZScoreDetector.DEFAULT_MIN_POINTS, 30);
  }

  @Test
  public void multiFeaturePointScoresItsWorstFeature() {
    ZScoreDetector detector = ZScoreDetector.overLast(4);
    for (double v : new double[] {1, 3, 1, 3}) {
      detector.learn(new double[] {v, 10 * v});
    }
    assertEquals(0.9545, detector.score(new double[] {2, 0}), 1e-4);
    assertThrows(IllegalArgumentException.class, () -> detector.score(new double[] {1}));
  }

  @Test
  public void rejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> ZScoreDetector.overLast(1));
    assertThrows(IllegalArgumentException.class, () -> ZScoreDetector.withHalfLife(0));
    assertThrows(IllegalArgumentException.class, () -> ZScoreDetector.withHalfLife(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> ZScoreDetector.create().withMinPoints(0));
  }

  @Test
  public void isDeterministicCopyableAndPure() {
    double[] values = DetectorChecks.wave(2000, 4);
    DetectorChecks.checkContract(() -> ZScoreDetector.overLast(100), values);
    DetectorChecks.checkContract(() -> ZScoreDetector.withHalfLife(50), values);
  }

  @Test
  public void memoryStaysBounded() {
    DetectorChecks.checkBoundedMemory(() -> ZScoreDetector.overLast(500));
    DetectorChecks.checkBoundedMemory(() -> ZScoreDetector.withHalfLife(100));
  }

  @Test
  public void slidingMomentsStayExactOverLongStreams() {
    double[] values = DetectorChecks.wave(100_000, 5);
    ZScoreDetector detector = ZScoreDetector.overLast(7);
    for (int i = 0; i < values.length - 1; i++) {
      detector.learn(new double[] {values[i] + 1e6});
    }
    double mean = 0;
    for (int j = values.length - 8; j < values.length - 1; j++) {
      mean += values[j] + 1e6;
    }
    mean /= 7;
    double var = 0;
    for (int j = values.length - 8; j < values.length - 1; j++) {
      var += Math.pow(values[j] + 1e6 - mean, 2);
    }
    double z = (values[values.length - 1] + 1e6 - mean) / Math.sqrt(var / 7);
    assertEquals(
        expectedScore(z), detector.score(new double[] {values[values.length - 1] + 1e6}), 1e-5);
  }
}
