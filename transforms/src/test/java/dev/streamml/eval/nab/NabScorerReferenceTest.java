package dev.streamml.eval.nab;

import static dev.streamml.eval.nab.NabFixtures.at;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Cross-checks {@link NabScorer} against a plain reference written here from NAB's rules: every
 * candidate threshold is scored from scratch (O(thresholds x rows)), windows by their first
 * detection, false positives by the closest preceding window. Rows are one a minute, so a row's
 * index is its position.
 */
@RunWith(JUnit4.class)
public class NabScorerReferenceTest {

  /** A generated series: scores and windows as {first row, last row}, widths of 2 or more. */
  private static final class Case {
    final String name;
    final double[] scores;
    final List<int[]> windows;

    Case(String name, double[] scores, List<int[]> windows) {
      this.name = name;
      this.scores = scores;
      this.windows = windows;
    }

    NabSeries toSeries() {
      List<NabWindow> nabWindows = new ArrayList<>();
      for (int[] w : windows) {
        nabWindows.add(NabWindow.of(at(w[0]), at(w[1])));
      }
      return NabSeries.of(name, NabFixtures.timestamps(scores.length), scores, nabWindows);
    }
  }

  /** Raw score and row counts of the reference at one threshold. */
  private static final class Outcome {
    double score;
    long tp;
    long tn;
    long fp;
    long fn;
  }

  private static double sigmoid(double y) {
    return y > 3 ? -1.0 : 2.0 / (1.0 + Math.exp(5.0 * y)) - 1.0;
  }

  private static Outcome reference(
      List<Case> corpus, NabProfile profile, double percent, double threshold) {
    Outcome out = new Outcome();
    for (Case c : corpus) {
      int n = c.scores.length;
      double probation = Math.min(Math.floor(percent * n), percent * 5000);
      for (int[] w : c.windows) {
        int width = w[1] - w[0] + 1;
        boolean scorable = false;
        int firstDetected = -1;
        for (int r = w[0]; r <= w[1]; r++) {
          if (r < probation) {
            continue;
          }
          scorable = true;
          if (c.scores[r] >= threshold) {
            out.tp++;
            if (firstDetected < 0) {
              firstDetected = r;
            }
          } else {
            out.fn++;
          }
        }
        if (!scorable) {
          continue;
        }
        if (firstDetected < 0) {
          out.score -= profile.getFalseNegativeWeight();
        } else {
          double y = -(double) (w[1] - firstDetected + 1) / width;
          out.score += sigmoid(y) / sigmoid(-1.0) * profile.getTruePositiveWeight();
        }
      }
      for (int r = 0; r < n; r++) {
        if (r < probation || inWindow(c, r)) {
          continue;
        }
        if (c.scores[r] < threshold) {
          out.tn++;
          continue;
        }
        out.fp++;
        int[] previous = null;
        for (int[] w : c.windows) {
          if (w[1] < r) {
            previous = w;
          }
        }
        if (previous == null) {
          out.score -= profile.getFalsePositiveWeight();
        } else {
          double y = (double) (r - previous[1]) / (previous[1] - previous[0]);
          out.score += sigmoid(y) * profile.getFalsePositiveWeight();
        }
      }
    }
    return out;
  }

  private static boolean inWindow(Case c, int row) {
    for (int[] w : c.windows) {
      if (w[0] <= row && row <= w[1]) {
        return true;
      }
    }
    return false;
  }

  /** The first best threshold among 1.1 and every distinct score, highest first. */
  private static double referenceBestThreshold(
      List<Case> corpus, NabProfile profile, double percent) {
    TreeSet<Double> thresholds = new TreeSet<>();
    for (Case c : corpus) {
      for (double s : c.scores) {
        thresholds.add(s);
      }
    }
    double best = 1.1;
    double bestScore = reference(corpus, profile, percent, best).score;
    for (double t : thresholds.descendingSet()) {
      double score = reference(corpus, profile, percent, t).score;
      // A tolerance, since the reference sums in another order: equal configurations are ties.
      if (score > bestScore + 1e-9) {
        bestScore = score;
        best = t;
      }
    }
    return best;
  }

  private static double referenceNormalized(
      List<Case> corpus, NabProfile profile, double percent, double raw) {
    List<Case> constant = new ArrayList<>();
    int windows = 0;
    for (Case c : corpus) {
      double[] half = new double[c.scores.length];
      Arrays.fill(half, 0.5);
      constant.add(new Case(c.name, half, c.windows));
      windows += c.windows.size();
    }
    double nullScore =
        reference(constant, profile, percent, referenceBestThreshold(constant, profile, percent))
            .score;
    double perfect = windows * profile.getTruePositiveWeight();
    return 100 * (raw - nullScore) / (perfect - nullScore);
  }

  private static List<Case> randomCorpus(Random random) {
    List<Case> corpus = new ArrayList<>();
    int seriesCount = 1 + random.nextInt(4);
    for (int s = 0; s < seriesCount; s++) {
      int n = 30 + random.nextInt(370);
      List<int[]> windows = new ArrayList<>();
      int next = random.nextInt(n / 3);
      int windowCount = random.nextInt(4);
      while (windows.size() < windowCount) {
        int width = 2 + random.nextInt(30);
        if (next + width > n) {
          break;
        }
        windows.add(new int[] {next, next + width - 1});
        next += width + 1 + random.nextInt(n / 4);
      }
      double[] scores = new double[n];
      for (int i = 0; i < n; i++) {
        // Two decimals, so thresholds repeat; windows score higher on average.
        double raw =
            inWindow(new Case("", scores, windows), i)
                ? 0.3 + 0.7 * random.nextDouble()
                : Math.pow(random.nextDouble(), 3);
        scores[i] = Math.round(raw * 100) / 100.0;
      }
      corpus.add(new Case("s" + s + ".csv", scores, windows));
    }
    return corpus;
  }

  private static List<NabSeries> toSeries(List<Case> corpus) {
    List<NabSeries> series = new ArrayList<>();
    for (Case c : corpus) {
      series.add(c.toSeries());
    }
    return series;
  }

  @Test
  public void sweepMatchesTheReferenceOnRandomCorpora() {
    Random random = new Random(20240501L);
    for (int trial = 0; trial < 60; trial++) {
      List<Case> corpus = randomCorpus(random);
      double percent = new double[] {0.15, 0.0, 0.3}[trial % 3];
      NabScorer scorer = NabScorer.create().withProbationPercent(percent);
      for (NabProfile profile : NabProfile.standardProfiles()) {
        String what = "trial " + trial + " " + profile.getName();
        NabResult result = scorer.score(toSeries(corpus), profile);

        double threshold = referenceBestThreshold(corpus, profile, percent);
        Outcome expected = reference(corpus, profile, percent, threshold);
        assertThat(what, result.getThreshold(), is(threshold));
        assertThat(what, result.getRawScore(), closeTo(expected.score, 1e-9));
        assertThat(what, result.getTruePositives(), is(expected.tp));
        assertThat(what, result.getTrueNegatives(), is(expected.tn));
        assertThat(what, result.getFalsePositives(), is(expected.fp));
        assertThat(what, result.getFalseNegatives(), is(expected.fn));
        double normalized = referenceNormalized(corpus, profile, percent, expected.score);
        if (Double.isNaN(normalized)) {
          // No window anywhere: perfect and null are both 0.
          assertThat(what, Double.isNaN(result.getNormalizedScore()), is(true));
        } else {
          assertThat(what, result.getNormalizedScore(), closeTo(normalized, 1e-7));
        }
      }
    }
  }

  @Test
  public void fixedThresholdsMatchTheReference() {
    Random random = new Random(7L);
    for (int trial = 0; trial < 30; trial++) {
      List<Case> corpus = randomCorpus(random);
      for (double threshold : new double[] {0.0, 0.25, 0.5, 0.505, 0.99, 1.0, 2.0}) {
        NabResult result =
            NabScorer.create().scoreAtThreshold(toSeries(corpus), NabProfile.STANDARD, threshold);
        Outcome expected = reference(corpus, NabProfile.STANDARD, 0.15, threshold);
        String what = "trial " + trial + " threshold " + threshold;
        assertThat(what, result.getRawScore(), closeTo(expected.score, 1e-9));
        assertThat(what, result.getTruePositives(), is(expected.tp));
        assertThat(what, result.getFalsePositives(), is(expected.fp));
      }
    }
  }

  @Test(timeout = 30_000)
  public void sweepsACorpusTheSizeOfTheBundledOneQuickly() {
    // 24 series of 6,000 rows with all-distinct scores: 144,000 thresholds. A quadratic sweep
    // would need about 10^10 steps; the sort-once sweep takes well under a second.
    Random random = new Random(3L);
    List<NabSeries> corpus = new ArrayList<>();
    for (int s = 0; s < 24; s++) {
      double[] scores = new double[6000];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = random.nextDouble();
      }
      List<NabWindow> windows =
          List.of(NabWindow.of(at(2000), at(2400)), NabWindow.of(at(4000), at(4400)));
      corpus.add(NabSeries.of("s" + s, NabFixtures.timestamps(6000), scores, windows));
    }
    for (NabProfile profile : NabProfile.standardProfiles()) {
      NabResult result = NabScorer.create().score(corpus, profile);
      assertThat(result.getTotalRows(), is(24L * (6000 - 750)));
    }
  }
}
