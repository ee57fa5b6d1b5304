package dev.streamml.eval.nab;

import java.util.List;

/**
 * A detector's NAB score on a corpus for one profile at one threshold: the raw score, the
 * normalised score NAB reports, the row counts and each series' part.
 *
 * <p>The raw score and counts are totals over the series, as the {@code Totals} row of NAB's {@code
 * <detector>_<profile>_scores.csv}. The normalised score is {@code 100 (raw - null) / (perfect -
 * null)}: 100 for a detector that catches every window at its first row with no false positive, 0
 * for NAB's null detector; NaN when the corpus has no window to score.
 *
 * <pre>{@code
 * NabResult result = NabScorer.create().score(corpus, NabProfile.STANDARD);
 * System.out.printf("threshold %.4f raw %.3f normalised %.1f%n",
 *     result.getThreshold(), result.getRawScore(), result.getNormalizedScore());
 * }</pre>
 */
public final class NabResult {

  private final NabProfile profile;
  private final double threshold;
  private final List<NabSeriesScore> seriesScores;
  private final double rawScore;
  private final double nullScore;
  private final double perfectScore;

  NabResult(
      NabProfile profile,
      double threshold,
      List<NabSeriesScore> seriesScores,
      double nullScore,
      double perfectScore) {
    this.profile = profile;
    this.threshold = threshold;
    this.seriesScores = List.copyOf(seriesScores);
    double raw = 0;
    for (NabSeriesScore series : seriesScores) {
      raw += series.getScore();
    }
    this.rawScore = raw;
    this.nullScore = nullScore;
    this.perfectScore = perfectScore;
  }

  /** The profile scored for. */
  public NabProfile getProfile() {
    return profile;
  }

  /**
   * The threshold: rows scoring at or above it are detections. {@link
   * NabScorer#NO_DETECTION_THRESHOLD} (or just above the highest score) when detecting nothing
   * scored best.
   */
  public double getThreshold() {
    return threshold;
  }

  /** The raw NAB score: the sum of the series' scores. */
  public double getRawScore() {
    return rawScore;
  }

  /** NAB's null detector's raw score on the same corpus and profile: the 0 of the scale. */
  public double getNullScore() {
    return nullScore;
  }

  /** A_TP times the number of labelled windows: the 100 of the scale. */
  public double getPerfectScore() {
    return perfectScore;
  }

  /** {@code 100 (raw - null) / (perfect - null)}, the score NAB reports; NaN if undefined. */
  public double getNormalizedScore() {
    double range = perfectScore - nullScore;
    return range == 0 ? Double.NaN : 100 * (rawScore - nullScore) / range;
  }

  /** Detected scorable rows inside windows, over all series. */
  public long getTruePositives() {
    return seriesScores.stream().mapToLong(NabSeriesScore::getTruePositives).sum();
  }

  /** Undetected scorable rows outside windows, over all series. */
  public long getTrueNegatives() {
    return seriesScores.stream().mapToLong(NabSeriesScore::getTrueNegatives).sum();
  }

  /** Detected scorable rows outside windows, over all series. */
  public long getFalsePositives() {
    return seriesScores.stream().mapToLong(NabSeriesScore::getFalsePositives).sum();
  }

  /** Undetected scorable rows inside windows, over all series. */
  public long getFalseNegatives() {
    return seriesScores.stream().mapToLong(NabSeriesScore::getFalseNegatives).sum();
  }

  /** Scorable rows over all series. */
  public long getTotalRows() {
    return seriesScores.stream().mapToLong(NabSeriesScore::getTotalRows).sum();
  }

  /** Scorable windows with at least one detection, over all series. */
  public int getDetectedWindows() {
    return seriesScores.stream().mapToInt(NabSeriesScore::getDetectedWindows).sum();
  }

  /** Scorable windows without detection, over all series. */
  public int getMissedWindows() {
    return seriesScores.stream().mapToInt(NabSeriesScore::getMissedWindows).sum();
  }

  /** Each series' score and counts, in corpus order. */
  public List<NabSeriesScore> getSeriesScores() {
    return seriesScores;
  }

  @Override
  public String toString() {
    return "NabResult{"
        + profile.getName()
        + ", threshold="
        + threshold
        + ", raw="
        + rawScore
        + ", normalized="
        + getNormalizedScore()
        + ", null="
        + nullScore
        + ", perfect="
        + perfectScore
        + ", tp="
        + getTruePositives()
        + ", tn="
        + getTrueNegatives()
        + ", fp="
        + getFalsePositives()
        + ", fn="
        + getFalseNegatives()
        + "}";
  }
}
