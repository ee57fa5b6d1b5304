package dev.streamml.anomaly.threshold;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.Test;

public class ThresholdTest {

  @Test
  public void fixedThresholdFlagsScoresAtOrAboveItsValue() {
    FixedThreshold threshold = FixedThreshold.of(0.9);
    assertTrue(threshold.isAnomaly(0.9));
    assertFalse(threshold.isAnomaly(0.8999));
    threshold.update(1.0);
    assertEquals(0.9, threshold.value(), 0.0);
    assertEquals(FixedThreshold.DEFAULT_VALUE, FixedThreshold.create().value(), 0.0);
    assertThrows(IllegalArgumentException.class, () -> FixedThreshold.of(1.5));
  }

  @Test
  public void quantileMatchesSortedCopyOfLastScores() {
    Random random = new Random(21);
    int window = 200;
    OnlineQuantileThreshold threshold =
        OnlineQuantileThreshold.of(0.99).withWindow(window).withMinScores(10);
    double[] scores = new double[1000];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = random.nextDouble();
      threshold.update(scores[i]);
      if (i >= 9) {
        double[] last = Arrays.copyOfRange(scores, Math.max(0, i + 1 - window), i + 1);
        Arrays.sort(last);
        double h = (last.length - 1) * 0.99;
        int lo = (int) h;
        double expected = last[lo] + (h - lo) * (last[Math.min(lo + 1, last.length - 1)] - last[lo]);
        assertEquals("after " + (i + 1), expected, threshold.value(), 1e-15);
      }
    }
    assertEquals(window, threshold.size());
  }

  @Test
  public void quantileUsesFallbackUntilMinScores() {
    OnlineQuantileThreshold threshold =
        OnlineQuantileThreshold.of(0.5).withMinScores(3).withFallback(0.7);
    threshold.update(0.1);
    threshold.update(0.2);
    assertTrue(threshold.isAnomaly(0.7));
    assertFalse(threshold.isAnomaly(0.6));
    threshold.update(0.3);
    assertEquals(0.2, threshold.value(), 1e-15);
    assertTrue(threshold.isAnomaly(0.21));
    assertFalse("strictly above", threshold.isAnomaly(0.2));
  }

  @Test
  public void quantileCopyIsIndependent() {
    OnlineQuantileThreshold threshold = OnlineQuantileThreshold.of(0.5).withMinScores(1);
    threshold.update(0.4);
    Threshold copy = threshold.copy();
    threshold.update(0.0);
    threshold.update(0.0);
    assertEquals(0.4, copy.value(), 0.0);
    assertEquals(0.0, threshold.value(), 0.0);
  }

  @Test
  public void quantileRejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> OnlineQuantileThreshold.of(1.0));
    assertThrows(IllegalArgumentException.class, () -> OnlineQuantileThreshold.of(0.0));
    assertThrows(
        IllegalArgumentException.class, () -> OnlineQuantileThreshold.create().withWindow(1));
    assertThrows(
        IllegalArgumentException.class,
        () -> OnlineQuantileThreshold.create().withWindow(10).withMinScores(11));
  }
}
