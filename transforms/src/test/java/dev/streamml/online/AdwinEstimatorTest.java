package dev.streamml.online;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Random;
import org.junit.Test;

public class AdwinEstimatorTest {

  @Test
  public void constantStreamNeverCuts() {
    AdwinEstimator adwin = new AdwinEstimator(0.002);
    for (int i = 0; i < 5000; i++) {
      assertFalse(adwin.add(0.25));
    }
    assertEquals(5000, adwin.width());
    assertEquals(0.25, adwin.estimation(), 1e-12);
  }

  @Test
  public void detectsAnIncreaseOfErrorAndDropsTheOldPart() {
    AdwinEstimator adwin = new AdwinEstimator(0.002);
    Random random = new Random(1);
    for (int i = 0; i < 2000; i++) {
      assertFalse("false alarm at " + i, adwin.add(random.nextDouble() < 0.1 ? 1 : 0));
    }
    int detectedAt = -1;
    for (int i = 0; i < 2000 && detectedAt < 0; i++) {
      if (adwin.add(random.nextDouble() < 0.6 ? 1 : 0)) {
        detectedAt = i;
      }
    }
    assertTrue(detectedAt >= 0);
    assertThat(detectedAt, lessThan(200));
    assertThat((double) adwin.width(), lessThan(2000.0));
  }

  @Test
  public void copyAndFlatStateKeepEverything() {
    AdwinEstimator adwin = new AdwinEstimator(0.01);
    for (int i = 0; i < 777; i++) {
      adwin.add(i % 3 == 0 ? 1 : 0);
    }
    AdwinEstimator copy = adwin.copy();
    for (int i = 0; i < 500; i++) {
      double v = i < 250 ? 0 : 1;
      assertEquals(adwin.add(v), copy.add(v));
      assertEquals(adwin.estimation(), copy.estimation(), 0.0);
      assertEquals(adwin.width(), copy.width());
    }
  }
}
