package dev.streamml.sessions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Random;
import org.junit.Test;

public class RobustLogZDetectorTest {

  /** Sessions of about 10 requests and 100 kB; the score follows the upper robust z exactly. */
  @Test
  public void scoresTheFeatureFurthestAboveItsMedianOnly() {
    RobustLogZDetector detector = RobustLogZDetector.create();
    Random random = new Random(3);
    for (int i = 0; i < 101; i++) {
      assertEquals(i >= RobustLogZDetector.MIN_POINTS, detector.isWarm());
      detector.learn(new double[] {5 + random.nextInt(11), 50_000 + random.nextInt(100_000)});
    }
    double typical = detector.score(new double[] {10, 100_000});
    double tiny = detector.score(new double[] {1, 0});
    double crawler = detector.score(new double[] {500, 100_000});
    assertThat(typical, lessThan(0.9));
    assertEquals("below the median is not suspicious", 0.0, tiny, 1e-6);
    assertThat(crawler, greaterThan(0.99999));
  }

  /** A feature that is always 0 has MAD 0: the scale floor keeps small values normal. */
  @Test
  public void scaleFloorForFeaturesThatAreUsuallyConstant() {
    RobustLogZDetector detector = RobustLogZDetector.of(100, 0.25);
    for (int i = 0; i < 50; i++) {
      detector.learn(new double[] {0.0});
    }
    // z = log1p(0.5) / 0.25 = 1.62: a two-sided score of about 0.895.
    assertEquals(1 - 2 * 0.0526, detector.score(new double[] {0.5}), 2e-3);
    assertThat(detector.score(new double[] {1.0}), lessThan(0.999));
  }

  @Test
  public void copiesAreIndependent() {
    RobustLogZDetector detector = RobustLogZDetector.of(10, 0.25);
    for (int i = 0; i < 40; i++) {
      detector.learn(new double[] {i % 5});
    }
    RobustLogZDetector copy = detector.copy();
    double before = copy.score(new double[] {30});
    for (int i = 0; i < 10; i++) {
      detector.learn(new double[] {30});
    }
    assertEquals(before, copy.score(new double[] {30}), 0.0);
    assertFalse(detector.score(new double[] {30}) == before);
    assertTrue(copy.isWarm());
  }

  @Test
  public void erfcMatchesKnownValues() {
    assertEquals(1.0, RobustLogZDetector.erfc(0), 2e-7);
    assertEquals(0.157299207, RobustLogZDetector.erfc(1), 2e-7);
    assertEquals(0.004677735, RobustLogZDetector.erfc(2), 2e-7);
    assertEquals(1.842700793, RobustLogZDetector.erfc(-1), 2e-7);
  }
}
