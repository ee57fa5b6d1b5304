package dev.streamml.anomaly.threshold;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.streamml.anomaly.detectors.ZScoreDetector;
import org.junit.Test;

public class NormalOnlyDetectorTest {

  @Test
  public void skipsAnomalousPointsOnceWarm() {
    NormalOnlyDetector detector =
        NormalOnlyDetector.wrap(ZScoreDetector.overLast(50).withMinPoints(10), FixedThreshold.of(0.99));
    for (int i = 0; i < 20; i++) {
      detector.learn(new double[] {10 + (i % 2)});
    }
    detector.learn(new double[] {1000});
    assertEquals(1, detector.skipped());
    assertEquals(20, detector.count());
    // the outlier did not widen the model, so the next one stays obvious
    assertTrue(detector.score(new double[] {20}) > 0.99);
  }

  @Test
  public void learnsEverythingWhileCold() {
    NormalOnlyDetector detector =
        NormalOnlyDetector.wrap(ZScoreDetector.overLast(50).withMinPoints(10), FixedThreshold.of(0.5));
    for (int i = 0; i < 5; i++) {
      detector.learn(new double[] {i * 100});
    }
    assertEquals(0, detector.skipped());
    assertEquals(5, detector.count());
  }

  @Test
  public void forcesLearningAfterMaxConsecutiveSkipsSoALevelShiftIsAdopted() {
    NormalOnlyDetector detector =
        NormalOnlyDetector.wrap(ZScoreDetector.overLast(10).withMinPoints(10), FixedThreshold.of(0.99))
            .withMaxConsecutiveSkips(2);
    for (int i = 0; i < 10; i++) {
      detector.learn(new double[] {10 + (i % 2)});
    }
    for (int i = 0; i < 60; i++) {
      detector.learn(new double[] {100 + (i % 2)});
    }
    assertTrue(detector.skipped() <= 40);
    assertTrue(detector.score(new double[] {100.5}) < 0.99);
    assertThrows(IllegalArgumentException.class, () -> detector.withMaxConsecutiveSkips(-1));
  }
}
