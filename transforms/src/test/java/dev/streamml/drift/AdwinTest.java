package dev.streamml.drift;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class AdwinTest {

  /**
   * Stated delay: with delta 0.002 and a check every 32 values, a jump of the error rate from 0.1
   * to 0.5 at t = 5000 is detected within 100 values (seeds 1-10 all detect at +55, the first check
   * with enough new values; 100 allows one more clock).
   */
  @Test
  public void detectsErrorRateJumpWithin100Values() {
    for (long seed = 1; seed <= 10; seed++) {
      Streams.assertDetectedWithin(
          Adwin.create(), Streams.bernoulli(seed, 10_000, 5_000, 0.1, 0.5), 5_000, 100);
    }
  }

  /** Stated delay: a Gaussian (sd 1) mean shift 0 to 1 at t = 5000, within 100 values. */
  @Test
  public void detectsGaussianMeanShiftWithin100Values() {
    for (long seed = 1; seed <= 10; seed++) {
      Streams.assertDetectedWithin(
          Adwin.create(), Streams.gaussian(seed, 10_000, 5_000, 0, 1), 5_000, 100);
    }
  }

  /** Stated false-alarm length: no alarm in 20,000 stationary values, seeds 1-10, both streams. */
  @Test
  public void raisesNoAlarmOnTwentyThousandStationaryValues() {
    for (long seed = 1; seed <= 10; seed++) {
      Adwin errors = Adwin.create();
      assertArrayEquals(
          new int[0], Streams.drifts(errors, Streams.bernoulli(seed, 20_000, 0, 0.1, 0.1)));
      assertEquals(20_000, errors.width());
      assertArrayEquals(
          new int[0], Streams.drifts(Adwin.create(), Streams.gaussian(seed, 20_000, 0, 0, 0)));
    }
  }

  @Test
  public void windowForgetsTheOldConceptAfterDetection() {
    Adwin adwin = Adwin.create();
    double[] values = Streams.bernoulli(3, 7_000, 5_000, 0.1, 0.5);
    Streams.drifts(adwin, values);
    // 2,000 values after the change the window holds (almost) only the new concept.
    assertThat(adwin.width(), lessThanOrEqualTo(2_100L));
    assertEquals(0.5, adwin.mean(), 0.05);
    assertThat(adwin.detections(), greaterThan(0L));
  }

  /**
   * Worked by hand, values in [0, 1], delta 0.002, minWindowLength 5, checks every 32 values.
   *
   * <p>16 zeros then 16 ones: at W = 32, d = ln(2 ln 32 / 0.002) = 8.151 and the smallest epsilon,
   * at the balanced cut (m = 1/12 + 1/12, v = 0.25), is sqrt(2 m v d) + 2/3 d m = 0.824 + 0.906 =
   * 1.73 > 1 >= any gap of means: no drift.
   *
   * <p>32 zeros then 32 ones: at W = 64, d = 8.333, v = 0.25; the cuts after 8, 16 and 24 values
   * have gaps 0.571, 0.667, 0.8 and epsilons 2.56, 1.25, 1.001: none holds; the cut after 32 has
   * gap 1 and epsilon 0.546 + 0.397 = 0.942: it holds, so the oldest bucket (8 zeros) is dropped.
   * At W = 56 (24 zeros, 32 ones, v = 0.245, d = 8.300) the balanced cut needs 1.065 > 1: stop.
   */
  @Test
  public void cutsMatchHandComputedBounds() {
    Adwin short32 = Adwin.create();
    for (int i = 0; i < 32; i++) {
      assertEquals(DriftState.NONE, short32.update(i < 16 ? 0 : 1));
    }

    Adwin long64 = Adwin.create();
    for (int i = 0; i < 63; i++) {
      assertEquals("value " + i, DriftState.NONE, long64.update(i < 32 ? 0 : 1));
    }
    assertEquals(DriftState.DRIFT, long64.update(1));
    assertEquals(56, long64.width());
    assertEquals(32.0 / 56, long64.mean(), 1e-12);
    assertEquals(1, long64.detections());
  }

  /**
   * M = 5: six values overflow row 0, whose two oldest merge into a bucket of 2 (4 + 1 buckets);
   * the 8th and 10th values overflow it again (4 + 2, then 4 + 3 buckets).
   */
  @Test
  public void bucketsMergeByHand() {
    Adwin adwin = Adwin.create();
    for (int i = 1; i <= 5; i++) {
      adwin.update(i);
    }
    assertEquals(1, adwin.rowCount());
    assertEquals(5, adwin.bucketCount());
    adwin.update(6);
    assertEquals(2, adwin.rowCount());
    assertEquals(5, adwin.bucketCount());
    adwin.update(7);
    adwin.update(8);
    assertEquals(6, adwin.bucketCount());
    adwin.update(9);
    adwin.update(10);
    assertEquals(7, adwin.bucketCount());
    // Merging keeps the exact sum and variance: 1..10 has mean 5.5 and variance 8.25.
    assertEquals(10, adwin.width());
    assertEquals(5.5, adwin.mean(), 1e-12);
    assertEquals(8.25, adwin.variance(), 1e-12);
  }

  /**
   * Memory bound: buckets <= M (log2(W / M) + 2) at every step. Alternating 0, 1 never cuts (a gap
   * of at most 1 / n0 against an epsilon above sqrt(d / (2 n0))), so the window grows to 200,000
   * values in 5 (log2(40,000) + 2) = 86 buckets or fewer.
   */
  @Test
  public void bucketCountStaysLogarithmicInTheWindow() {
    Adwin adwin = Adwin.create();
    int most = 0;
    for (int i = 0; i < 200_000; i++) {
      adwin.update(i % 2);
      double bound =
          Adwin.DEFAULT_MAX_BUCKETS
              * (Math.log((double) adwin.width() / Adwin.DEFAULT_MAX_BUCKETS) / Math.log(2) + 2);
      assertThat((double) adwin.bucketCount(), lessThanOrEqualTo(Math.max(bound, 5)));
      most = Math.max(most, adwin.bucketCount());
    }
    assertEquals(200_000, adwin.width());
    assertEquals(0.5, adwin.mean(), 1e-12);
    assertEquals(0.25, adwin.variance(), 1e-9);
    assertThat(most, lessThanOrEqualTo(86));
  }

  /**
   * Delta bounds the false-alarm chance per check, not per stream: on long stationary noise alarms
   * do happen (a 200,000-value N(0, 1) stream, seed 11, has some), and each only shrinks the
   * window, which stays in bounded memory either way.
   */
  @Test
  public void bucketCountStaysBoundedOnLongNoise() {
    Adwin adwin = Adwin.create();
    for (double value : Streams.gaussian(11, 200_000, 0, 0, 0)) {
      adwin.update(value);
      assertThat(adwin.bucketCount(), lessThanOrEqualTo(86));
    }
  }

  @Test
  public void copyIsIndependent() {
    Adwin adwin = Adwin.create();
    double[] values = Streams.bernoulli(5, 6_000, 5_000, 0.1, 0.5);
    for (int i = 0; i < 5_000; i++) {
      adwin.update(values[i]);
    }
    Adwin copy = adwin.copy();
    assertNotSame(adwin, copy);
    int[] fromOriginal = Streams.drifts(adwin, java.util.Arrays.copyOfRange(values, 5_000, 6_000));
    assertEquals(5_000, copy.width());
    assertArrayEquals(
        fromOriginal, Streams.drifts(copy, java.util.Arrays.copyOfRange(values, 5_000, 6_000)));
  }

  @Test
  public void rejectsBadSettingsAndValues() {
    assertThrows(IllegalArgumentException.class, () -> Adwin.create().withDelta(0));
    assertThrows(IllegalArgumentException.class, () -> Adwin.create().withClock(0));
    assertThrows(IllegalArgumentException.class, () -> Adwin.create().withMaxBuckets(1));
    assertThrows(IllegalArgumentException.class, () -> Adwin.create().update(Double.NaN));
  }
}
