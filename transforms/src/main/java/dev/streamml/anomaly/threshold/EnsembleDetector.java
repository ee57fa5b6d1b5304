package dev.streamml.anomaly.threshold;

import dev.streamml.anomaly.AnomalyDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * Several detectors scoring the same points, combined into one score:
 *
 * <ul>
 *   <li>{@link Combination#MAX}: the highest member score, anomalous when any member is sure;
 *   <li>{@link Combination#MEAN}: the average member score;
 *   <li>{@link Combination#VOTE}: the fraction of members whose own {@link Threshold} calls the
 *       point anomalous, in steps of {@code 1 / members}. Thresholds see every member score at
 *       {@link #learn}, after the point was scored.
 * </ul>
 *
 * <p>{@link #scoreAll} returns the member scores (in member order) behind a combined score. Every
 * member learns every point; the ensemble is warm when all members are. {@link #count()} counts
 * the points the ensemble learned.
 *
 * <pre>{@code
 * EnsembleDetector ensemble =
 *     EnsembleDetector.vote(
 *         List.of(ZScoreDetector.overLast(500), IqrDetector.overLast(500)),
 *         List.of(FixedThreshold.of(0.999), FixedThreshold.of(0.5)));
 * double[] memberScores = ensemble.scoreAll(point);
 * double score = ensemble.score(point); // 0, 0.5 or 1
 * ensemble.learn(point);
 * }</pre>
 */
public final class EnsembleDetector implements AnomalyDetector {

  private static final long serialVersionUID = 1L;

  /** How member scores become one score. */
  public enum Combination {
    MAX,
    MEAN,
    VOTE
  }

  private final Combination combination;
  private final AnomalyDetector[] members;
  private final Threshold[] thresholds; // VOTE only
  private long count;

  private EnsembleDetector(
      Combination combination, AnomalyDetector[] members, Threshold[] thresholds) {
    this.combination = combination;
    this.members = members;
    this.thresholds = thresholds;
  }

  /** The highest score of {@code members}. */
  public static EnsembleDetector max(List<? extends AnomalyDetector> members) {
    return new EnsembleDetector(Combination.MAX, checked(members), null);
  }

  /** The average score of {@code members}. */
  public static EnsembleDetector mean(List<? extends AnomalyDetector> members) {
    return new EnsembleDetector(Combination.MEAN, checked(members), null);
  }

  /**
   * The fraction of {@code members} whose threshold (same position in {@code thresholds}) calls
   * the point anomalous.
   */
  public static EnsembleDetector vote(
      List<? extends AnomalyDetector> members, List<? extends Threshold> thresholds) {
    AnomalyDetector[] checked = checked(members);
    if (thresholds == null || thresholds.size() != checked.length) {
      throw new IllegalArgumentException(
          "vote needs one threshold per member: "
              + checked.length
              + " members, "
              + (thresholds == null ? 0 : thresholds.size())
              + " thresholds");
    }
    Threshold[] copies = new Threshold[checked.length];
    for (int i = 0; i < copies.length; i++) {
      if (thresholds.get(i) == null) {
        throw new IllegalArgumentException("threshold " + i + " is null");
      }
      copies[i] = thresholds.get(i).copy();
    }
    return new EnsembleDetector(Combination.VOTE, checked, copies);
  }

  private static AnomalyDetector[] checked(List<? extends AnomalyDetector> members) {
    if (members == null || members.isEmpty()) {
      throw new IllegalArgumentException("an ensemble needs at least one member detector");
    }
    AnomalyDetector[] copies = new AnomalyDetector[members.size()];
    for (int i = 0; i < copies.length; i++) {
      if (members.get(i) == null) {
        throw new IllegalArgumentException("member " + i + " is null");
      }
      copies[i] = members.get(i).copy();
    }
    return copies;
  }

  public Combination combination() {
    return combination;
  }

  /** Number of members. */
  public int size() {
    return members.length;
  }

  /** The ids of the members, in member order. */
  public List<String> memberIds() {
    List<String> ids = new ArrayList<>();
    for (AnomalyDetector member : members) {
      ids.add(member.id());
    }
    return ids;
  }

  @Override
  public String id() {
    return "ensemble-" + combination.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public boolean isWarm() {
    for (AnomalyDetector member : members) {
      if (!member.isWarm()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public long count() {
    return count;
  }

  /** The score of each member for {@code point}, in member order; changes nothing. */
  public double[] scoreAll(double[] point) {
    double[] scores = new double[members.length];
    for (int i = 0; i < members.length; i++) {
      scores[i] = members[i].score(point);
    }
    return scores;
  }

  @Override
  public double score(double[] point) {
    return combine(scoreAll(point));
  }

  /** The combined score of member scores as returned by {@link #scoreAll}. */
  public double combine(double[] memberScores) {
    double result = 0.0;
    for (int i = 0; i < memberScores.length; i++) {
      switch (combination) {
        case MAX:
          result = Math.max(result, memberScores[i]);
          break;
        case MEAN:
          result += memberScores[i] / memberScores.length;
          break;
        case VOTE:
          result += thresholds[i].isAnomaly(memberScores[i]) ? 1.0 / memberScores.length : 0.0;
          break;
        default:
          throw new AssertionError(combination);
      }
    }
    return Math.min(1.0, result);
  }

  @Override
  public void learn(double[] point) {
    if (thresholds != null) {
      double[] scores = scoreAll(point);
      for (int i = 0; i < members.length; i++) {
        thresholds[i].update(scores[i]);
      }
    }
    for (AnomalyDetector member : members) {
      member.learn(point);
    }
    count++;
  }

  @Override
  public EnsembleDetector copy() {
    AnomalyDetector[] memberCopies = new AnomalyDetector[members.length];
    for (int i = 0; i < members.length; i++) {
      memberCopies[i] = members[i].copy();
    }
    Threshold[] thresholdCopies = null;
    if (thresholds != null) {
      thresholdCopies = new Threshold[thresholds.length];
      for (int i = 0; i < thresholds.length; i++) {
        thresholdCopies[i] = thresholds[i].copy();
      }
    }
    EnsembleDetector copy = new EnsembleDetector(combination, memberCopies, thresholdCopies);
    copy.count = count;
    return copy;
  }

  @Override
  public String toString() {
    return "EnsembleDetector{" + combination + ", members=" + memberIds() + "}";
  }
}
