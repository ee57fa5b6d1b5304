package dev.streamml.eval.nab;

import static dev.streamml.eval.nab.NabFixtures.rows;
import static dev.streamml.eval.nab.NabFixtures.series;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Hand-computed NAB scores. Expected values come from the formulas in the comments, not from the
 * code under test; {@code S(y) = 2 / (1 + e^(5y)) - 1 = -tanh(2.5 y)}.
 *
 * <p>Most tests use one series of 40 rows with the window at rows 20..24 (width 5). The default
 * probation is floor(0.15 * 40) = 6 rows, so rows 6..39 are scored: 14 before the window, 5 in it,
 * 15 after it. In the window, row i weighs A_TP * S(-(24 - i + 1) / 5) / S(-1); after it, row i
 * weighs A_FP * S((i - 24) / 4); before it, -A_FP.
 *
 * <p>Null detector on this series: detecting nothing gives -A_FN; detecting every row gives 1 (row
 * 20) - 14 A_FP - A_FP * 14.338 (sum of -S(k/4), k = 1..15) = -2.117 for A_FP = 0.11, worse than -1
 * and than -2, so null = -A_FN for every profile. Perfect = A_TP * 1 window.
 */
@RunWith(JUnit4.class)
public class NabScorerTest {
  private static final double EPS = 1e-12;
  private static final NabScorer SCORER = NabScorer.create();
  private static final List<NabWindow> WINDOW = List.of(rows(20, 24));

  /** S(-1) = tanh(2.5). */
  private static final double MAX_TP = 0.9866142981514303;

  private static NabSeries fixture(double... rowScores) {
    return series("f.csv", 40, WINDOW, rowScores);
  }

  private static NabResult atHalf(NabSeries series) {
    return SCORER.scoreAtThreshold(List.of(series), NabProfile.STANDARD, 0.5);
  }

  @Test
  public void probationaryRowsFollowNabFormula() {
    // min(floor(0.15 n), 0.15 * 5000 = 750)
    assertThat(SCORER.probationaryRows(1), is(0));
    assertThat(SCORER.probationaryRows(20), is(3));
    assertThat(SCORER.probationaryRows(40), is(6));
    assertThat(SCORER.probationaryRows(4032), is(604)); // 604.8
    assertThat(SCORER.probationaryRows(5000), is(750));
    assertThat(SCORER.probationaryRows(22695), is(750));
    assertThat(SCORER.withProbationPercent(0).probationaryRows(40), is(0));
    // 0.1 * 5000 = 500 caps 0.1 * 7000 = 700
    assertThat(SCORER.withProbationPercent(0.1).probationaryRows(7000), is(500));
  }

  @Test
  public void scaledSigmoidMatchesNabAnchors() {
    // NAB's docstring: -1 -> 0.98661, -0.5 -> 0.84828, 0 -> 0, 1 -> -0.98661, > 3 -> -1.
    assertThat(NabScorer.scaledSigmoid(-1.0), closeTo(Math.tanh(2.5), EPS));
    assertThat(NabScorer.scaledSigmoid(-0.5), closeTo(0.8482836399575131, EPS));
    assertThat(NabScorer.scaledSigmoid(0.0), is(0.0));
    assertThat(NabScorer.scaledSigmoid(1.0), closeTo(-Math.tanh(2.5), EPS));
    assertThat(NabScorer.scaledSigmoid(3.0), closeTo(-Math.tanh(7.5), EPS)); // not yet -1
    assertThat(NabScorer.scaledSigmoid(3.0001), is(-1.0));
  }

  @Test
  public void detectionAtWindowStartEarnsTheFullTruePositiveWeight() {
    // Row 20: position -(24 - 20 + 1) / 5 = -1, weight S(-1) / S(-1) * A_TP = 1.
    NabResult result = atHalf(fixture(20, 1.0));

    assertThat(result.getRawScore(), closeTo(1.0, EPS));
    assertThat(result.getNullScore(), is(-1.0));
    assertThat(result.getPerfectScore(), is(1.0));
    assertThat(result.getNormalizedScore(), closeTo(100.0, 1e-9));
    // Row counts over the 34 scored rows: 1 detected in the window, 4 not, 29 quiet outside.
    assertThat(result.getTruePositives(), is(1L));
    assertThat(result.getFalseNegatives(), is(4L));
    assertThat(result.getFalsePositives(), is(0L));
    assertThat(result.getTrueNegatives(), is(29L));
    assertThat(result.getTotalRows(), is(34L));
    assertThat(result.getDetectedWindows(), is(1));
    assertThat(result.getMissedWindows(), is(0));
  }

  @Test
  public void detectionAtWindowEndEarnsLittle() {
    // Row 24: position -(24 - 24 + 1) / 5 = -0.2, weight tanh(0.5) / tanh(2.5) = 0.468386843902278.
    NabResult result = atHalf(fixture(24, 1.0));

    assertThat(result.getRawScore(), closeTo(0.4683868439022782, EPS));
    // 100 * (0.46839 + 1) / (1 + 1)
    assertThat(result.getNormalizedScore(), closeTo(73.41934219511391, 1e-9));
  }

  @Test
  public void onlyTheFirstDetectionInAWindowCounts() {
    // Rows 21 and 23: the best is row 21, position -(24 - 21 + 1) / 5 = -0.8,
    // weight tanh(2) / tanh(2.5) = 0.9771068409226047; row 23 adds nothing.
    NabResult result = atHalf(fixture(21, 1.0, 23, 1.0));

    assertThat(result.getRawScore(), closeTo(Math.tanh(2) / MAX_TP, EPS));
    assertThat(result.getRawScore(), closeTo(0.9771068409226047, EPS));
    assertThat(result.getTruePositives(), is(2L));
    assertThat(result.getDetectedWindows(), is(1));
  }

  @Test
  public void detectionBeforeAnyWindowCostsTheFullFalsePositiveWeight() {
    // Row 10 is before the first window: -1 * A_FP = -0.11; the window is missed: -1.
    NabResult result = atHalf(fixture(10, 1.0));

    assertThat(result.getRawScore(), closeTo(-1.11, EPS));
    assertThat(result.getNormalizedScore(), closeTo(-5.5, 1e-9)); // 100 * (-1.11 + 1) / 2
    assertThat(result.getFalsePositives(), is(1L));
    assertThat(result.getMissedWindows(), is(1));
  }

  @Test
  public void detectionAfterAWindowCostsTheSigmoidOfItsDistance() {
    // Row 26: |24 - 26| / (5 - 1) = 0.5 widths past the window, S(0.5) * A_FP
    // = -tanh(1.25) * 0.11 = -0.09331120039532642; plus the missed window, -1.
    assertThat(atHalf(fixture(26, 1.0)).getRawScore(), closeTo(-1.0933112003953264, EPS));
    // Row 25, right after the window: S(0.25) * 0.11 = -tanh(0.625) * 0.11.
    assertThat(atHalf(fixture(25, 1.0)).getRawScore(), closeTo(-1 - 0.11 * Math.tanh(0.625), EPS));
    // Row 39: 15 / 4 = 3.75 > 3 widths past: -1 * A_FP.
    assertThat(atHalf(fixture(39, 1.0)).getRawScore(), closeTo(-1.11, EPS));
  }

  @Test
  public void missedWindowCostsTheFalseNegativeWeight() {
    NabResult result = atHalf(fixture());

    assertThat(result.getRawScore(), is(-1.0));
    assertThat(result.getNormalizedScore(), is(0.0));
    assertThat(result.getFalseNegatives(), is(5L));
    assertThat(result.getMissedWindows(), is(1));
    assertThat(
        SCORER
            .scoreAtThreshold(List.of(fixture()), NabProfile.REWARD_LOW_FN_RATE, 0.5)
            .getRawScore(),
        is(-2.0));
  }

  @Test
  public void probationaryRowsAreIgnored() {
    // Row 5 is the last probationary row (rows 0..5): not a false positive.
    NabResult inProbation = atHalf(fixture(5, 1.0));
    assertThat(inProbation.getRawScore(), is(-1.0));
    assertThat(inProbation.getFalsePositives(), is(0L));
    // Row 6 is the first scored row: -0.11.
    NabResult afterProbation = atHalf(fixture(6, 1.0));
    assertThat(afterProbation.getRawScore(), closeTo(-1.11, EPS));
    assertThat(afterProbation.getFalsePositives(), is(1L));
  }

  @Test
  public void windowWithinProbationIsNotScoredButCountsForPerfect() {
    // Window at rows 2..4 of 40 lies in the probation (rows 0..5): no row of it is scored, so no
    // -A_FN, but NAB's perfect score counts every labelled window.
    NabSeries series = series("p.csv", 40, List.of(rows(2, 4)));
    NabResult result = SCORER.score(List.of(series), NabProfile.STANDARD);

    assertThat(result.getRawScore(), is(0.0));
    assertThat(result.getMissedWindows(), is(0));
    assertThat(result.getPerfectScore(), is(1.0));
  }

  @Test
  public void windowStartingInProbationScoresPositionsFromItsTrueStart() {
    // Window rows 4..8 of 40, probation rows 0..5: row 6 is its first scored row, position
    // -(8 - 6 + 1) / 5 = -0.6, weight tanh(1.5) / tanh(2.5).
    NabSeries series = series("p.csv", 40, List.of(rows(4, 8)), 6, 1.0);
    NabResult result = SCORER.scoreAtThreshold(List.of(series), NabProfile.STANDARD, 0.5);

    assertThat(result.getRawScore(), closeTo(Math.tanh(1.5) / MAX_TP, EPS));
  }

  @Test
  public void aDetectionCountsWhenItsScoreEqualsTheThreshold() {
    NabSeries series = fixture(20, 0.5);
    List<NabSeries> corpus = List.of(series);

    assertThat(
        SCORER.scoreAtThreshold(corpus, NabProfile.STANDARD, 0.5).getRawScore(), closeTo(1.0, EPS));
    assertThat(
        SCORER.scoreAtThreshold(corpus, NabProfile.STANDARD, Math.nextUp(0.5)).getRawScore(),
        is(-1.0));
  }

  @Test
  public void sweepPicksTheBestDistinctScore() {
    // Row 10 (before the window) 0.95, row 20 (window start) 0.9, row 30 (after) 0.7:
    //   1.1  nothing                      -1
    //   0.95 row 10: -1 - 0.11          = -1.11
    //   0.9  + row 20: 1 - 0.11         =  0.89   <- best
    //   0.7  + row 30, 6/4 = 1.5 widths past: 0.89 - tanh(3.75) * 0.11 = 0.78012
    //   0.0  every row: far below
    NabResult result =
        SCORER.score(List.of(fixture(10, 0.95, 20, 0.9, 30, 0.7)), NabProfile.STANDARD);

    assertThat(result.getThreshold(), is(0.9));
    assertThat(result.getRawScore(), closeTo(0.89, EPS));
    assertThat(result.getNormalizedScore(), closeTo(94.5, 1e-9)); // 100 * 1.89 / 2
    assertThat(result.getTruePositives(), is(1L));
    assertThat(result.getFalsePositives(), is(1L));
  }

  @Test
  public void sweepPicksNoDetectionWhenEveryThresholdLoses() {
    // Only false positives: row 10 at 0.9 gives -1.11 < -1.
    NabResult result = SCORER.score(List.of(fixture(10, 0.9)), NabProfile.STANDARD);

    assertThat(result.getThreshold(), is(NabScorer.NO_DETECTION_THRESHOLD));
    assertThat(result.getRawScore(), is(-1.0));
    assertThat(result.getNormalizedScore(), is(0.0));
  }

  @Test
  public void sweepKeepsTheHigherThresholdOnATie() {
    // Rows 20 (0.9) and 22 (0.8) are in the same window: at 0.8 the window still weighs 1, the
    // score is unchanged, and NAB's stable sort keeps the first (higher) threshold.
    NabResult result = SCORER.score(List.of(fixture(20, 0.9, 22, 0.8)), NabProfile.STANDARD);

    assertThat(result.getThreshold(), is(0.9));
    assertThat(result.getRawScore(), closeTo(1.0, EPS));
    assertThat(result.getTruePositives(), is(1L));
  }

  @Test
  public void profilesWeighFalsePositivesAndNegativesDifferently() {
    // Ten false positives (rows 6..15) at 0.9 before the window, the window caught at 0.8.
    double[] rowScores = new double[22];
    for (int k = 0; k < 10; k++) {
      rowScores[2 * k] = 6 + k;
      rowScores[2 * k + 1] = 0.9;
    }
    rowScores[20] = 20;
    rowScores[21] = 0.8;
    List<NabSeries> corpus = List.of(fixture(rowScores));

    // standard: at 0.8, 1 - 10 * 0.11 = -0.1 > -1 (nothing); 100 * (-0.1 + 1) / 2 = 45.
    NabResult standard = SCORER.score(corpus, NabProfile.STANDARD);
    assertThat(standard.getThreshold(), is(0.8));
    assertThat(standard.getRawScore(), closeTo(-0.1, EPS));
    assertThat(standard.getNormalizedScore(), closeTo(45.0, 1e-9));

    // reward_low_FP_rate: at 0.8, 1 - 10 * 0.22 = -1.2 < -1, so nothing is detected: 0.
    NabResult lowFp = SCORER.score(corpus, NabProfile.REWARD_LOW_FP_RATE);
    assertThat(lowFp.getThreshold(), is(NabScorer.NO_DETECTION_THRESHOLD));
    assertThat(lowFp.getRawScore(), is(-1.0));
    assertThat(lowFp.getNormalizedScore(), is(0.0));

    // reward_low_FN_rate: at 0.8, -0.1 > -2; null = -2, perfect = 1: 100 * 1.9 / 3 = 63.33.
    NabResult lowFn = SCORER.score(corpus, NabProfile.REWARD_LOW_FN_RATE);
    assertThat(lowFn.getThreshold(), is(0.8));
    assertThat(lowFn.getNullScore(), is(-2.0));
    assertThat(lowFn.getNormalizedScore(), closeTo(190.0 / 3, 1e-9));
  }

  @Test
  public void perfectAndNullDetectorsNormaliseTo100And0() {
    NabResult perfect = SCORER.score(List.of(fixture(20, 1.0)), NabProfile.STANDARD);
    assertThat(perfect.getNormalizedScore(), closeTo(100.0, 1e-9));

    // NAB's null detector scores 0.5 on every row.
    double[] constant = new double[40];
    java.util.Arrays.fill(constant, 0.5);
    NabSeries nullSeries = NabSeries.of("f.csv", NabFixtures.timestamps(40), constant, WINDOW);
    for (NabProfile profile : NabProfile.standardProfiles()) {
      NabResult result = SCORER.score(List.of(nullSeries), profile);
      assertThat(profile.getName(), result.getNormalizedScore(), is(0.0));
      assertThat(profile.getName(), result.getRawScore(), is(-profile.getFalseNegativeWeight()));
    }
  }

  @Test
  public void nullScoreIsNabsNullDetectorEvenWhenDetectingEverythingWins() {
    // 20 rows, probation rows 0..2, window rows 3..17 (width 15), rows 18 and 19 after it.
    // Detecting every row: row 3 weighs 1, rows 18 and 19 weigh 0.11 * S(1/14) and
    // 0.11 * S(2/14): 1 - 0.11 * (tanh(5/28) + tanh(10/28)) = 0.9428668627745614 > -1.
    // So NAB's null detector (0.5 everywhere) detects everything and null = 0.94287.
    NabSeries caught = series("t.csv", 20, List.of(rows(3, 17)), 3, 1.0);
    double expectedNull = 1 - 0.11 * (Math.tanh(5.0 / 28) + Math.tanh(10.0 / 28));

    NabResult result = SCORER.score(List.of(caught), NabProfile.STANDARD);
    assertThat(result.getNullScore(), closeTo(expectedNull, EPS));
    assertThat(result.getNullScore(), closeTo(0.9428668627745614, EPS));
    assertThat(result.getRawScore(), closeTo(1.0, EPS));
    assertThat(result.getNormalizedScore(), closeTo(100.0, 1e-9));
  }

  @Test
  public void oneThresholdForTheWholeCorpus() {
    // a.csv catches its window at 0.8 (+1); b.csv has no window and a false positive at 0.8
    // (-0.11, no window before it). At 0.8: 0.89 > -1. Perfect = 1 window, null = -1.
    NabSeries a = series("a.csv", 40, WINDOW, 20, 0.8);
    NabSeries b = series("b.csv", 40, List.of(), 10, 0.8);
    NabResult result = SCORER.score(List.of(a, b), NabProfile.STANDARD);

    assertThat(result.getThreshold(), is(0.8));
    assertThat(result.getSeriesScores().get(0).getName(), is("a.csv"));
    assertThat(result.getSeriesScores().get(0).getScore(), closeTo(1.0, EPS));
    assertThat(result.getSeriesScores().get(1).getScore(), closeTo(-0.11, EPS));
    assertThat(result.getRawScore(), closeTo(0.89, EPS));
    assertThat(result.getNormalizedScore(), closeTo(94.5, 1e-9));
    assertThat(result.getTotalRows(), is(68L));
  }

  @Test
  public void rowsAfterAOneRowWindowWeighMinusTheFalsePositiveWeight() {
    // Window of the single row 20: row 20 is at position -(0 + 1) / 1 = -1 and weighs 1. NAB
    // divides |20 - 21| by (1 - 1) for row 21 and fails; here the position is infinite: -A_FP.
    NabSeries series = series("one.csv", 40, List.of(rows(20, 20)), 20, 1.0, 21, 1.0);
    NabResult result = SCORER.scoreAtThreshold(List.of(series), NabProfile.STANDARD, 0.5);

    assertThat(result.getRawScore(), closeTo(0.89, EPS));
  }

  @Test
  public void noDetectionThresholdStaysAboveScoresBeyondOne() {
    NabResult result = SCORER.score(List.of(fixture(10, 7.0)), NabProfile.STANDARD);

    assertThat(result.getThreshold(), is(Math.nextUp(7.0)));
    assertThat(result.getRawScore(), is(-1.0));
  }

  @Test
  public void rejectsBadCorpora() {
    NabSeries series = fixture();
    assertThat(
        assertThrows(
                IllegalArgumentException.class, () -> SCORER.score(List.of(), NabProfile.STANDARD))
            .getMessage(),
        containsString("at least one series"));
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> SCORER.score(List.of(series, series), NabProfile.STANDARD))
            .getMessage(),
        containsString("f.csv repeats"));
    assertThrows(
        IllegalArgumentException.class,
        () -> SCORER.scoreAtThreshold(List.of(series), NabProfile.STANDARD, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> SCORER.score(List.of(series), null));
    assertThrows(IllegalArgumentException.class, () -> SCORER.withProbationPercent(1.0));
    assertThrows(IllegalArgumentException.class, () -> SCORER.withProbationPercent(-0.1));
  }
}
