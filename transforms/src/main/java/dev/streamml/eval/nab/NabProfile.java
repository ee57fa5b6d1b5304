package dev.streamml.eval.nab;

import java.util.List;
import java.util.Objects;

/**
 * A NAB application profile: the weights of a true positive, a false positive and a false negative
 * ({@code A_TP}, {@code A_FP}, {@code A_FN}; true negatives always weigh 0).
 *
 * <p>The three profiles NAB publishes scores for, from NAB's {@code config/profiles.json}:
 *
 * <table>
 *   <caption>Standard NAB profiles</caption>
 *   <tr><th>profile</th><th>A_TP</th><th>A_FP</th><th>A_FN</th></tr>
 *   <tr><td>{@link #STANDARD standard}</td><td>1.0</td><td>0.11</td><td>1.0</td></tr>
 *   <tr><td>{@link #REWARD_LOW_FP_RATE reward_low_FP_rate}</td><td>1.0</td><td>0.22</td>
 *       <td>1.0</td></tr>
 *   <tr><td>{@link #REWARD_LOW_FN_RATE reward_low_FN_rate}</td><td>1.0</td><td>0.11</td>
 *       <td>2.0</td></tr>
 * </table>
 *
 * <pre>{@code
 * NabResult standard = NabScorer.create().score(corpus, NabProfile.STANDARD);
 * NabProfile strict = NabProfile.of("strict", 1.0, 0.5, 1.0);
 * }</pre>
 */
public final class NabProfile {

  /** NAB's {@code standard} profile: A_TP 1.0, A_FP 0.11, A_FN 1.0. */
  public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);

  /** NAB's {@code reward_low_FP_rate} profile: A_TP 1.0, A_FP 0.22, A_FN 1.0. */
  public static final NabProfile REWARD_LOW_FP_RATE =
      new NabProfile("reward_low_FP_rate", 1.0, 0.22, 1.0);

  /** NAB's {@code reward_low_FN_rate} profile: A_TP 1.0, A_FP 0.11, A_FN 2.0. */
  public static final NabProfile REWARD_LOW_FN_RATE =
      new NabProfile("reward_low_FN_rate", 1.0, 0.11, 2.0);

  private final String name;
  private final double truePositiveWeight;
  private final double falsePositiveWeight;
  private final double falseNegativeWeight;

  private NabProfile(
      String name,
      double truePositiveWeight,
      double falsePositiveWeight,
      double falseNegativeWeight) {
    this.name = name;
    this.truePositiveWeight = truePositiveWeight;
    this.falsePositiveWeight = falsePositiveWeight;
    this.falseNegativeWeight = falseNegativeWeight;
  }

  /**
   * A custom profile.
   *
   * @throws IllegalArgumentException if the name is null or blank, or a weight is negative or not
   *     finite
   */
  public static NabProfile of(
      String name,
      double truePositiveWeight,
      double falsePositiveWeight,
      double falseNegativeWeight) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("profile name should be a non-blank string");
    }
    checkWeight("true positive", truePositiveWeight);
    checkWeight("false positive", falsePositiveWeight);
    checkWeight("false negative", falseNegativeWeight);
    return new NabProfile(name, truePositiveWeight, falsePositiveWeight, falseNegativeWeight);
  }

  /** The three profiles NAB reports, in NAB's order: standard, low FP rate, low FN rate. */
  public static List<NabProfile> standardProfiles() {
    return List.of(STANDARD, REWARD_LOW_FP_RATE, REWARD_LOW_FN_RATE);
  }

  private static void checkWeight(String what, double weight) {
    if (!Double.isFinite(weight) || weight < 0) {
      throw new IllegalArgumentException(
          what + " weight should be a finite non-negative number, got " + weight);
    }
  }

  /** The profile's name, as in NAB's results ({@code standard}, ...). */
  public String getName() {
    return name;
  }

  /** {@code A_TP}: the reward for a window detected at its first row. */
  public double getTruePositiveWeight() {
    return truePositiveWeight;
  }

  /** {@code A_FP}: the cost of a detection outside every window, before any window. */
  public double getFalsePositiveWeight() {
    return falsePositiveWeight;
  }

  /** {@code A_FN}: the cost of a window without any detection. */
  public double getFalseNegativeWeight() {
    return falseNegativeWeight;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof NabProfile)) {
      return false;
    }
    NabProfile that = (NabProfile) other;
    return name.equals(that.name)
        && Double.compare(truePositiveWeight, that.truePositiveWeight) == 0
        && Double.compare(falsePositiveWeight, that.falsePositiveWeight) == 0
        && Double.compare(falseNegativeWeight, that.falseNegativeWeight) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, truePositiveWeight, falsePositiveWeight, falseNegativeWeight);
  }

  @Override
  public String toString() {
    return name
        + "(A_TP="
        + truePositiveWeight
        + ", A_FP="
        + falsePositiveWeight
        + ", A_FN="
        + falseNegativeWeight
        + ")";
  }
}
