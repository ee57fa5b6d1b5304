package dev.streamml.eval.nab;

/**
 * One series' part of a {@link NabResult}: its raw NAB score at the result's threshold and its
 * counts, as the per-file rows of NAB's {@code <detector>_<profile>_scores.csv}.
 *
 * <p>Like NAB's, the TP/TN/FP/FN counts are of scorable rows (after the probationary period): a
 * true positive is a detected row inside a window, a false negative an undetected one. Window
 * counts say how many scorable windows had at least one detection.
 *
 * <pre>{@code
 * for (NabSeriesScore s : result.getSeriesScores()) {
 *   System.out.printf("%s %.3f %d/%d windows%n",
 *       s.getName(), s.getScore(), s.getDetectedWindows(),
 *       s.getDetectedWindows() + s.getMissedWindows());
 * }
 * }</pre>
 */
public final class NabSeriesScore {

  private final String name;
  private final double score;
  private final long truePositives;
  private final long trueNegatives;
  private final long falsePositives;
  private final long falseNegatives;
  private final int detectedWindows;
  private final int missedWindows;

  NabSeriesScore(
      String name,
      double score,
      long truePositives,
      long trueNegatives,
      long falsePositives,
      long falseNegatives,
      int detectedWindows,
      int missedWindows) {
    this.name = name;
    this.score = score;
    this.truePositives = truePositives;
    this.trueNegatives = trueNegatives;
    this.falsePositives = falsePositives;
    this.falseNegatives = falseNegatives;
    this.detectedWindows = detectedWindows;
    this.missedWindows = missedWindows;
  }

  /** The series name. */
  public String getName() {
    return name;
  }

  /** Raw NAB score of this series: its windows' weights plus its false positives' weights. */
  public double getScore() {
    return score;
  }

  /** Detected scorable rows inside windows. */
  public long getTruePositives() {
    return truePositives;
  }

  /** Undetected scorable rows outside windows. */
  public long getTrueNegatives() {
    return trueNegatives;
  }

  /** Detected scorable rows outside windows. */
  public long getFalsePositives() {
    return falsePositives;
  }

  /** Undetected scorable rows inside windows. */
  public long getFalseNegatives() {
    return falseNegatives;
  }

  /** Scorable rows: all rows after the probationary period. */
  public long getTotalRows() {
    return truePositives + trueNegatives + falsePositives + falseNegatives;
  }

  /** Scorable windows with at least one detection. */
  public int getDetectedWindows() {
    return detectedWindows;
  }

  /** Scorable windows without detection, each costing A_FN. */
  public int getMissedWindows() {
    return missedWindows;
  }

  @Override
  public String toString() {
    return name
        + ": score="
        + score
        + " tp="
        + truePositives
        + " tn="
        + trueNegatives
        + " fp="
        + falsePositives
        + " fn="
        + falseNegatives
        + " windows detected="
        + detectedWindows
        + " missed="
        + missedWindows;
  }
}
