package dev.streamml.anomaly.threshold;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.streamml.anomaly.AnomalyDetector;
import dev.streamml.anomaly.detectors.IqrDetector;
import dev.streamml.anomaly.detectors.ZScoreDetector;
import java.util.List;
import org.junit.Test;

public class EnsembleDetectorTest {

  private static List<AnomalyDetector> members() {
    return List.of(
        new ScriptedDetector("a", 1.0, 1),
        new ScriptedDetector("b", 0.5, 1),
        new ScriptedDetector("c", 0.25, 2));
  }

  @Test
  public void combinesByMaxMeanAndVote() {
    double[] point = {0.8};
    assertArrayEquals(
        new double[] {0.8, 0.4, 0.2}, EnsembleDetector.max(members()).scoreAll(point), 1e-12);
    assertEquals(0.8, EnsembleDetector.max(members()).score(point), 1e-12);
    assertEquals(0.4666666, EnsembleDetector.mean(members()).score(point), 1e-6);
    EnsembleDetector vote =
        EnsembleDetector.vote(
            members(),
            List.of(FixedThreshold.of(0.5), FixedThreshold.of(0.4), FixedThreshold.of(0.5)));
    assertEquals(2.0 / 3.0, vote.score(point), 1e-12);
    assertEquals(List.of("a", "b", "c"), vote.memberIds());
  }

  @Test
  public void voteThresholdsLearnFromMemberScores() {
    EnsembleDetector vote =
        EnsembleDetector.vote(
            List.of(new ScriptedDetector("a", 1.0, 1)),
            List.of(OnlineQuantileThreshold.of(0.5).withMinScores(2).withFallback(1.0)));
    assertEquals(0.0, vote.score(new double[] {0.9}), 0.0);
    vote.learn(new double[] {0.1});
    vote.learn(new double[] {0.3});
    assertEquals(1.0, vote.score(new double[] {0.9}), 0.0); // above the median 0.2
    assertEquals(0.0, vote.score(new double[] {0.2}), 0.0);
  }

  @Test
  public void warmWhenAllMembersAreAndCountsItsPoints() {
    EnsembleDetector ensemble = EnsembleDetector.max(members());
    ensemble.learn(new double[] {0});
    assertFalse(ensemble.isWarm());
    ensemble.learn(new double[] {0});
    assertTrue(ensemble.isWarm());
    assertEquals(2, ensemble.count());
  }

  @Test
  public void copyIsIndependentOfTheOriginal() {
    EnsembleDetector ensemble =
        EnsembleDetector.mean(List.of(ZScoreDetector.overLast(10), IqrDetector.overLast(10)));
    for (int i = 0; i < 10; i++) {
      ensemble.learn(new double[] {i % 3});
    }
    EnsembleDetector copy = ensemble.copy();
    double[] probe = {4};
    double before = copy.score(probe);
    for (int i = 0; i < 10; i++) {
      ensemble.learn(new double[] {100 + i});
    }
    assertEquals(before, copy.score(probe), 0.0);
    assertEquals(10, copy.count());
  }

  @Test
  public void rejectsBadMembers() {
    assertThrows(IllegalArgumentException.class, () -> EnsembleDetector.max(List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> EnsembleDetector.vote(members(), List.of(FixedThreshold.of(0.5))));
  }
}
