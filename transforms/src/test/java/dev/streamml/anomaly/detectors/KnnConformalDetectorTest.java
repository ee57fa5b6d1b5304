package dev.streamml.anomaly.detectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
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
}
