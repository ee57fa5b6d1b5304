package dev.streamml.anomaly.detectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Arrays;
import org.junit.Test;

public class IqrDetectorTest {

  /** numpy's default percentile: linear interpolation between order statistics. */
  private static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int lo = (int) h;
    return lo + 1 < sorted.length
        ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo])
        : sorted[lo];
  }

  @Test
  public void fencesMatchQuartilesOfASortedCopy() {
    double[] values = DetectorChecks.wave(600, 8);
    int window = 40;
    double k = 1.0;
    IqrDetector detector = IqrDetector.overLast(window).withK(k);
    for (int i = 0; i < values.length; i++) {
      if (i >= 4) {
        double[] last = Arrays.copyOfRange(values, Math.max(0, i - window), i);
        Arrays.sort(last);
        double q1 = quantile(last, 0.25);
        double q3 = quantile(last, 0.75);
        double iqr = q3 - q1;
        double beyond = Math.max(q1 - k * iqr - values[i], values[i] - q3 - k * iqr);
        double expected = beyond <= 0 ? 0 : (beyond / iqr) / (1 + beyond / iqr);
        assertEquals("point " + i, expected, detector.score(new double[] {values[i]}), 1e-12);
      }
      detector.learn(new double[] {values[i]});
    }
  }

  @Test
  public void scoresByDistancePastTheFence() {
    IqrDetector detector = IqrDetector.overLast(5);
    for (double v : new double[] {1, 2, 3, 4, 5}) {
      detector.learn(new double[] {v});
    }
    // Q1 2, Q3 4, IQR 2, fences [-1, 7]
    assertEquals(0.0, detector.score(new double[] {7}), 0.0);
    assertEquals(0.0, detector.score(new double[] {-1}), 0.0);
    assertEquals(0.5, detector.score(new double[] {9}), 1e-12);
    assertEquals(0.5, detector.score(new double[] {-3}), 1e-12);
    assertEquals(0.9, detector.score(new double[] {25}), 1e-12);
  }

  @Test
  public void needsFourPointsBeforeScoring() {
    IqrDetector detector = IqrDetector.overLast(10).withMinPoints(4);
    for (double v : new double[] {1, 1, 1}) {
      detector.learn(new double[] {v});
    }
    assertEquals(0.0, detector.score(new double[] {100}), 0.0);
    detector.learn(new double[] {1});
    assertEquals(true, detector.isWarm());
    assertEquals(1.0, detector.score(new double[] {100}), 0.0);
  }

  @Test
  public void rejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> IqrDetector.overLast(3));
    assertThrows(IllegalArgumentException.class, () -> IqrDetector.create().withK(-1));
    assertEquals(1.5, IqrDetector.DEFAULT_K, 0.0);
  }

  @Test
  public void isDeterministicCopyableAndPure() {
    DetectorChecks.checkContract(() -> IqrDetector.overLast(64), DetectorChecks.wave(2000, 9));
  }

  @Test
  public void memoryStaysBounded() {
    DetectorChecks.checkBoundedMemory(() -> IqrDetector.overLast(500));
  }
}
