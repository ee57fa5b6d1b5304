package dev.streamml.anomaly.detectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import org.junit.Test;

public class RobustZScoreDetectorTest {

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  @Test
  public void medianAndMadMatchSortingACopy() {
    double[] values = DetectorChecks.wave(600, 6);
    int window = 31;
    RobustZScoreDetector detector = RobustZScoreDetector.overLast(window);
    for (int i = 0; i < values.length; i++) {
      if (i >= 2) {
        double[] last = Arrays.copyOfRange(values, Math.max(0, i - window), i);
        Arrays.sort(last);
        double med = median(last);
        double[] deviations = new double[last.length];
        for (int j = 0; j < last.length; j++) {
          deviations[j] = Math.abs(last[j] - med);
        }
        Arrays.sort(deviations);
        double z = Math.abs(values[i] - med) / (1.4826 * median(deviations));
        assertEquals(
            "point " + i,
            Gaussian.twoSidedScore(z),
            detector.score(new double[] {values[i]}),
            1e-12);
      }
      detector.learn(new double[] {values[i]});
    }
  }

  @Test
  public void outliersInTheWindowDoNotMaskTheNext() {
    RobustZScoreDetector robust = RobustZScoreDetector.overLast(20);
    ZScoreDetector plain = ZScoreDetector.overLast(20);
    for (int i = 0; i < 20; i++) {
      double v = i % 5 == 0 ? 100 : 10 + (i % 3);
      robust.learn(new double[] {v});
      plain.learn(new double[] {v});
    }
    assertTrue(robust.score(new double[] {30}) > 0.999);
    assertTrue(plain.score(new double[] {30}) < 0.5);
  }

  @Test
  public void zeroMadFallsBackToMeanAbsoluteDeviation() {
    RobustZScoreDetector detector = RobustZScoreDetector.overLast(10);
    for (double v : new double[] {5, 5, 5, 5, 5, 5, 5, 9, 1, 5}) {
      detector.learn(new double[] {v});
    }
    // median 5, MAD 0, mean absolute deviation 0.8
    double z = 1.0 / (1.2533 * 0.8);
    assertEquals(Gaussian.twoSidedScore(z), detector.score(new double[] {6}), 1e-12);
  }

  @Test
  public void warmsUpAfterMinPoints() {
    RobustZScoreDetector detector = RobustZScoreDetector.overLast(10).withMinPoints(2);
    assertEquals(0.0, detector.score(new double[] {1}), 0.0);
    detector.learn(new double[] {1});
    assertFalse(detector.isWarm());
    detector.learn(new double[] {2});
    assertTrue(detector.isWarm());
  }

  @Test
  public void rejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> RobustZScoreDetector.overLast(1));
    assertThrows(
        IllegalArgumentException.class, () -> RobustZScoreDetector.create().withMinPoints(0));
  }

  @Test
  public void isDeterministicCopyableAndPure() {
    DetectorChecks.checkContract(
        () -> RobustZScoreDetector.overLast(64), DetectorChecks.wave(2000, 7));
  }

  @Test
  public void memoryStaysBounded() {
    DetectorChecks.checkBoundedMemory(() -> RobustZScoreDetector.overLast(500));
  }
}
