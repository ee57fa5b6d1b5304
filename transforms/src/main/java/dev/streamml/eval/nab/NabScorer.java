package dev.streamml.eval.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scores an anomaly detector on a labelled corpus the way the Numenta Anomaly Benchmark (NAB v1.1)
 * does: its {@code Sweeper}, its threshold optimizer and its normalisation.
 *
 * <p>What NAB does, and so what this class does:
 *
 * <ul>
 *   <li>The first {@link #probationaryRows probationary rows} of each series ({@code min(floor(0.15
 *       n), 0.15 * 5000)}) are never counted, neither as detections nor as misses; a window lying
 *       wholly in them is not scored (but still counts towards the perfect score, as in NAB).
 *   <li>A row whose anomaly score is at or above the threshold is a detection. Each window counts
 *       only its best (earliest) detection, weighted by {@link #scaledSigmoid} of its position:
 *       A_TP at the window's first row, falling to about 0 at its end. A window without detection
 *       costs A_FN. A detection outside windows costs A_FP before the first window of its series,
 *       and A_FP times the sigmoid of its distance past the previous window (in widths) after one.
 *   <li>{@link #score} chooses one threshold for the whole corpus by sweeping every distinct
 *       anomaly score, highest first, plus "no detection" ({@link #NO_DETECTION_THRESHOLD}), and
 *       keeps the best raw score; among equal scores the highest threshold wins, as in NAB's stable
 *       sort. The sweep sorts once and updates incrementally: O(n log n) for n rows.
 *   <li>The normalised score is {@code 100 (raw - null) / (perfect - null)}. {@code perfect} is
 *       A_TP times the number of labelled windows (all of them, as NAB's {@code tpCount}); {@code
 *       null} is what NAB's null detector (the constant score 0.5 on every row) gets after its own
 *       threshold sweep: the better of missing every scorable window ({@code -A_FN} each) and
 *       detecting every scorable row.
 * </ul>
 *
 * <p>Where NAB fails, this class gives the limit value instead: NAB divides by zero for a row after
 * a one-row window (here it weighs {@code -A_FP}), and finds no score for a series whose scored
 * rows all lie above a given threshold that equals none of them (here: every row is detected).
 *
 * <pre>{@code
 * NabScorer scorer = NabScorer.create();
 * NabResult best = scorer.score(corpus, NabProfile.STANDARD);
 * best.getThreshold();        // the corpus-wide threshold NAB's optimizer would pick
 * best.getNormalizedScore();  // the number NAB reports, 100 = perfect, 0 = null detector
 * NabResult fixed = scorer.scoreAtThreshold(corpus, NabProfile.STANDARD, 0.9);
 * }</pre>
 */
public final class NabScorer {

  /** NAB's {@code probationaryPercent}: share of each series' first rows that is not scored. */
  public static final double DEFAULT_PROBATION_PERCENT = 0.15;

  /**
   * The probationary period never exceeds the probation percent of this many rows (NAB's {@code
   * probationPercent * 5000}, 750 rows by default).
   */
  public static final int PROBATION_REFERENCE_ROWS = 5000;

  /**
   * NAB's starting threshold ({@code curThreshold = 1.1}), above every score in [0, 1]: the
   * threshold reported when detecting nothing scores best. If some score is 1.1 or more, the
   * no-detection threshold is the next double above the largest score instead.
   */
  public static final double NO_DETECTION_THRESHOLD = 1.1;

  private final double probationPercent;

  private NabScorer(double probationPercent) {
    this.probationPercent = probationPercent;
  }

  /** A scorer with NAB's probationary period ({@link #DEFAULT_PROBATION_PERCENT}). */
  public static NabScorer create() {
    return new NabScorer(DEFAULT_PROBATION_PERCENT);
  }

  /**
   * A copy that leaves out {@code percent} of each series' first rows instead; 0 scores every row
   * (NAB's own tests do so).
   *
   * @throws IllegalArgumentException if {@code percent} is not in [0, 1)
   */
  public NabScorer withProbationPercent(double percent) {
    if (!(percent >= 0 && percent < 1)) {
      throw new IllegalArgumentException(
          "probation percent should be in [0, 1), e.g. 0.15, got " + percent);
    }
    return new NabScorer(percent);
  }

  /** The share of each series' first rows that is not scored. */
  public double getProbationPercent() {
    return probationPercent;
  }

  /**
   * How many first rows of a series of {@code rowCount} rows are probationary: rows {@code i} with
   * {@code i < min(floor(percent * rowCount), percent * 5000)}, as NAB's {@code
   * getProbationPeriod}. With the default: {@code min(floor(0.15 n), 750)}.
   */
  public int probationaryRows(int rowCount) {
    if (rowCount < 0) {
      throw new IllegalArgumentException("row count should be non-negative, got " + rowCount);
    }
    return (int) Math.min(rowCount, Math.ceil(probationaryLength(probationPercent, rowCount)));
  }

  static double probationaryLength(double percent, int rowCount) {
    return Math.min(Math.floor(percent * rowCount), percent * PROBATION_REFERENCE_ROWS);
  }

  /**
   * NAB's scaled sigmoid of a relative position: {@code 2 / (1 + e^(5 y)) - 1}, or -1 when {@code y
   * > 3}. It is about 0.987 at -1 (a window's left edge), 0 at 0 (its right edge) and about -0.987
   * at 1 (one window width past it).
   */
  public static double scaledSigmoid(double relativePosition) {
    if (relativePosition > 3.0) {
      return -1.0;
    }
    return 2 * sigmoid(-5 * relativePosition) - 1.0;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /**
   * Scores {@code corpus} for {@code profile} at the corpus-wide threshold with the best raw score,
   * as NAB's optimizer and scorer do.
   *
   * @throws IllegalArgumentException if the corpus is empty or two series share a name
   */
  public NabResult score(List<NabSeries> corpus, NabProfile profile) {
    checkCorpus(corpus, profile);
    ScorableRows rows = ScorableRows.of(corpus, profile, probationPercent);
    return resultAt(corpus, profile, rows, bestThreshold(rows, profile));
  }

  /**
   * Scores {@code corpus} for {@code profile} with a given threshold: rows whose anomaly score is
   * at or above it are detections.
   *
   * @throws IllegalArgumentException if the corpus is empty, two series share a name or the
   *     threshold is NaN
   */
  public NabResult scoreAtThreshold(List<NabSeries> corpus, NabProfile profile, double threshold) {
    checkCorpus(corpus, profile);
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold should be a number, got NaN");
    }
    return resultAt(corpus, profile, ScorableRows.of(corpus, profile, probationPercent), threshold);
  }

  private static void checkCorpus(List<NabSeries> corpus, NabProfile profile) {
    if (profile == null) {
      throw new IllegalArgumentException("profile should not be null, e.g. NabProfile.STANDARD");
    }
    if (corpus == null || corpus.isEmpty()) {
      throw new IllegalArgumentException("corpus should hold at least one series");
    }
    Set<String> names = new HashSet<>();
    for (NabSeries series : corpus) {
      if (series == null) {
        throw new IllegalArgumentException("corpus should not contain null series");
      }
      if (!names.add(series.getName())) {
        throw new IllegalArgumentException(
            "series names should be unique within a corpus, " + series.getName() + " repeats");
      }
    }
  }

  /**
   * NAB's {@code calcScoreByThreshold} followed by its optimizer's pick. Starting with nothing
   * detected (every scorable window at {@code -A_FN}), rows are added from the highest anomaly
   * score down; after the last row of each distinct score the corpus score for that threshold is
   * the false-positive sum plus each window's best weight.
   */
  private static double bestThreshold(ScorableRows rows, NabProfile profile) {
    double fnWeight = profile.getFalseNegativeWeight();
    double[] windowBest = new double[rows.scorableWindowCount()];
    Arrays.fill(windowBest, -fnWeight);
    double windowSum = 0;
    for (double best : windowBest) {
      windowSum += best;
    }
    double falsePositiveSum = 0;

    double bestThreshold = noDetectionThreshold(rows);
    double bestScore = falsePositiveSum + windowSum;
    Integer[] order = rows.byScoreDescending();
    int next = 0;
    while (next < order.length) {
      double threshold = rows.anomalyScores[order[next]];
      for (; next < order.length && rows.anomalyScores[order[next]] == threshold; next++) {
        int row = order[next];
        int window = rows.windowIds[row];
        double sweepScore = rows.sweepScores[row];
        if (window == ScorableRows.OUTSIDE) {
          falsePositiveSum += sweepScore;
        } else if (sweepScore > windowBest[window]) {
          // Later rows of a detected window weigh less and change nothing, so the score stays
          // exactly equal and the higher threshold keeps winning ties.
          windowSum += sweepScore - windowBest[window];
          windowBest[window] = sweepScore;
        }
      }
      double score = falsePositiveSum + windowSum;
      if (score > bestScore) {
        bestScore = score;
        bestThreshold = threshold;
      }
    }
    return bestThreshold;
  }

  private static double noDetectionThreshold(ScorableRows rows) {
    double max = rows.maxAnomalyScore();
    return max < NO_DETECTION_THRESHOLD ? NO_DETECTION_THRESHOLD : Math.nextUp(max);
  }

  /** NAB's {@code scoreDataSet} per series at one threshold, totalled as NAB's results CSV. */
  private static NabResult resultAt(
      List<NabSeries> corpus, NabProfile profile, ScorableRows rows, double threshold) {
    double fnWeight = profile.getFalseNegativeWeight();
    List<NabSeriesScore> seriesScores = new ArrayList<>(corpus.size());
    double[] windowBest = new double[rows.scorableWindowCount()];
    for (int s = 0; s < corpus.size(); s++) {
      int firstWindow = rows.seriesWindowStart[s];
      int endWindow = rows.seriesWindowStart[s + 1];
      Arrays.fill(windowBest, firstWindow, endWindow, -fnWeight);
      boolean[] detected = new boolean[endWindow - firstWindow];
      double falsePositiveSum = 0;
      long tp = 0;
      long tn = 0;
      long fp = 0;
      long fn = 0;
      for (int row = rows.seriesRowStart[s]; row < rows.seriesRowStart[s + 1]; row++) {
        int window = rows.windowIds[row];
        boolean alarm = rows.anomalyScores[row] >= threshold;
        if (window == ScorableRows.OUTSIDE) {
          if (alarm) {
            fp++;
            falsePositiveSum += rows.sweepScores[row];
          } else {
            tn++;
          }
        } else if (alarm) {
          tp++;
          detected[window - firstWindow] = true;
          windowBest[window] = Math.max(windowBest[window], rows.sweepScores[row]);
        } else {
          fn++;
        }
      }
      double score = falsePositiveSum;
      int detectedWindows = 0;
      for (int w = firstWindow; w < endWindow; w++) {
        score += windowBest[w];
        detectedWindows += detected[w - firstWindow] ? 1 : 0;
      }
      seriesScores.add(
          new NabSeriesScore(
              corpus.get(s).getName(),
              score,
              tp,
              tn,
              fp,
              fn,
              detectedWindows,
              (endWindow - firstWindow) - detectedWindows));
    }
    double perfect = rows.labelledWindowCount * profile.getTruePositiveWeight();
    return new NabResult(profile, threshold, seriesScores, nullScore(rows, profile), perfect);
  }

  /**
   * What NAB's null detector scores: with the same score on every row, its sweep has two
   * thresholds, nothing detected or everything detected, and the optimizer keeps the better (the
   * first, nothing detected, on a tie).
   */
  private static double nullScore(ScorableRows rows, NabProfile profile) {
    double nothingDetected = 0;
    double[] windowBest = new double[rows.scorableWindowCount()];
    Arrays.fill(windowBest, -profile.getFalseNegativeWeight());
    for (double best : windowBest) {
      nothingDetected += best;
    }
    double falsePositiveSum = 0;
    for (int row = 0; row < rows.size(); row++) {
      int window = rows.windowIds[row];
      if (window == ScorableRows.OUTSIDE) {
        falsePositiveSum += rows.sweepScores[row];
      } else {
        windowBest[window] = Math.max(windowBest[window], rows.sweepScores[row]);
      }
    }
    double everythingDetected = falsePositiveSum;
    for (double best : windowBest) {
      everythingDetected += best;
    }
    return everythingDetected > nothingDetected ? everythingDetected : nothingDetected;
  }

  @Override
  public String toString() {
    return "NabScorer{probationPercent=" + probationPercent + "}";
  }
}
