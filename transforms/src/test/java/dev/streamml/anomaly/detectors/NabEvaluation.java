package dev.streamml.anomaly.detectors;

import dev.streamml.anomaly.AnomalyDetector;
import dev.streamml.eval.nab.NabProfile;
import dev.streamml.eval.nab.NabScorer;
import dev.streamml.eval.nab.NabSeries;
import dev.streamml.eval.nab.NabWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Scores the NAB series bundled in {@code data/nab} with each detector (score then learn, row
 * order, one fresh detector per series) and grades them like NAB's sweeper: one threshold over all
 * series per profile, normalised to null = 0, perfect = 100. Run by hand:
 *
 * <pre>
 * java -cp ... dev.streamml.anomaly.detectors.NabEvaluation [path/to/data/nab]
 * </pre>
 *
 * <p>Grades twice: with a compact re-implementation of NAB's sweeper written here before the
 * project's scorer existed, and with {@link NabScorer}; the two should agree.
 */
public final class NabEvaluation {

  /** (A_TP, A_FP, A_FN) per profile: standard, reward_low_FP_rate, reward_low_FN_rate. */
  static final double[][] PROFILES = {{1, 0.11, 1}, {1, 0.22, 1}, {1, 0.11, 2}};

  static final class Series {
    final String name;
    final String[] timestamps;
    final double[] values;
    final List<int[]> windows = new ArrayList<>(); // row index ranges, inclusive

    Series(String name, String[] timestamps, double[] values) {
      this.name = name;
      this.timestamps = timestamps;
      this.values = values;
    }
  }

  public static void main(String[] args) throws IOException {
    Path root = Paths.get(args.length > 0 ? args[0] : "data/nab");
    List<Series> corpus = load(root);
    Map<String, Supplier<AnomalyDetector>> detectors = new LinkedHashMap<>();
    detectors.put("zscore(500)", () -> ZScoreDetector.overLast(500));
    detectors.put("zscore(halfLife 200)", () -> ZScoreDetector.withHalfLife(200));
    detectors.put("robust-zscore(500)", () -> RobustZScoreDetector.overLast(500));
    detectors.put("iqr(500, k 1.5)", () -> IqrDetector.overLast(500));
    detectors.put("half-space-trees(defaults)", HalfSpaceTreesDetector::create);
    detectors.put("knn-conformal(defaults)", KnnConformalDetector::create);
    for (Map.Entry<String, Supplier<AnomalyDetector>> e : detectors.entrySet()) {
      long start = System.nanoTime();
      List<double[]> scores = new ArrayList<>();
      for (Series s : corpus) {
        scores.add(run(e.getValue().get(), s.values));
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      double[] result = grade(corpus, scores);
      double[] project = gradeWithProjectScorer(corpus, scores);
      System.out.printf(
          "%-30s standard %5.1f  lowFP %5.1f  lowFN %5.1f | NabScorer %5.1f %5.1f %5.1f (%d ms)%n",
          e.getKey(), result[0], result[1], result[2], project[0], project[1], project[2], millis);
    }
  }

  /** The same grading by the project's {@link NabScorer}, as a cross-check. */
  static double[] gradeWithProjectScorer(List<Series> corpus, List<double[]> scores) {
    List<NabSeries> series = new ArrayList<>();
    DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    for (int k = 0; k < corpus.size(); k++) {
      Series s = corpus.get(k);
      long[] millis = new long[s.timestamps.length];
      for (int i = 0; i < millis.length; i++) {
        millis[i] = LocalDateTime.parse(s.timestamps[i], format).toInstant(ZoneOffset.UTC).toEpochMilli();
      }
      List<NabWindow> windows = new ArrayList<>();
      for (int[] w : s.windows) {
        windows.add(NabWindow.of(millis[w[0]], millis[w[1]]));
      }
      series.add(NabSeries.of(s.name, millis, scores.get(k), windows));
    }
    NabScorer scorer = NabScorer.create();
    return new double[] {
      scorer.score(series, NabProfile.STANDARD).getNormalizedScore(),
      scorer.score(series, NabProfile.REWARD_LOW_FP_RATE).getNormalizedScore(),
      scorer.score(series, NabProfile.REWARD_LOW_FN_RATE).getNormalizedScore()
    };
  }

  static double[] run(AnomalyDetector detector, double[] values) {
    double[] scores = new double[values.length];
    double[] point = new double[1];
    for (int i = 0; i < values.length; i++) {
      point[0] = values[i];
      scores[i] = detector.score(point);
      detector.learn(point);
    }
    return scores;
  }

  static List<Series> load(Path root) throws IOException {
    String labels = Files.readString(root.resolve("labels/combined_windows.json"));
    List<Series> corpus = new ArrayList<>();
    for (String category : new String[] {"realAWSCloudwatch", "realKnownCause"}) {
      List<Path> files;
      try (Stream<Path> list = Files.list(root.resolve("data").resolve(category))) {
        files = list.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
      }
      for (Path file : files) {
        List<String> lines = Files.readAllLines(file);
        String[] ts = new String[lines.size() - 1];
        double[] vs = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
          String[] parts = lines.get(i).split(",");
          ts[i - 1] = parts[0].trim();
          vs[i - 1] = Double.parseDouble(parts[1].trim());
        }
        String key = category + "/" + file.getFileName();
        Series s = new Series(key, ts, vs);
        String block = windowsOf(labels, key);
        if (block != null) {
          Matcher pair =
              Pattern.compile("\"([0-9: -]+)(?:\\.0+)?\"\\s*,\\s*\"([0-9: -]+)(?:\\.0+)?\"")
                  .matcher(block);
          while (pair.find()) {
            String l = pair.group(1).trim();
            String r = pair.group(2).trim();
            int li = -1;
            int ri = -1;
            for (int i = 0; i < ts.length; i++) {
              if (ts[i].compareTo(l) >= 0 && li < 0) {
                li = i;
              }
              if (ts[i].compareTo(r) <= 0) {
                ri = i;
              }
            }
            s.windows.add(new int[] {li, ri});
          }
        }
        corpus.add(s);
      }
    }
    return corpus;
  }

  /** The JSON list after {@code "key":}, found by matching brackets; null if the key is absent. */
  static String windowsOf(String labels, String key) {
    int at = labels.indexOf("\"" + key + "\"");
    if (at < 0) {
      return null;
    }
    int start = labels.indexOf('[', at);
    int depth = 0;
    for (int i = start; i < labels.length(); i++) {
      char c = labels.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']' && --depth == 0) {
        return labels.substring(start, i + 1);
      }
    }
    throw new IllegalArgumentException("unbalanced labels for " + key);
  }

  static double scaledSigmoid(double position) {
    return position > 3.0 ? -1.0 : 2.0 / (1.0 + Math.exp(5.0 * position)) - 1.0;
  }

  /** Normalised standard, low FP and low FN scores. */
  static double[] grade(List<Series> corpus, List<double[]> scores) {
    double[] result = new double[3];
    for (int p = 0; p < 3; p++) {
      result[p] = gradeProfile(corpus, scores, PROFILES[p]);
    }
    return result;
  }

  static double gradeProfile(List<Series> corpus, List<double[]> allScores, double[] profile) {
    double tpW = profile[0];
    double fpW = profile[1];
    double fnW = profile[2];
    List<double[]> rows = new ArrayList<>(); // score, weighted value, window id (-1 = outside)
    int totalWindows = 0;
    for (int k = 0; k < corpus.size(); k++) {
      Series s = corpus.get(k);
      double[] scores = allScores.get(k);
      int n = s.values.length;
      int probation = (int) Math.min(Math.floor(0.15 * n), 0.15 * 5000);
      double maxTp = scaledSigmoid(-1.0);
      int[] windowOf = new int[n];
      Arrays.fill(windowOf, -1);
      for (int w = 0; w < s.windows.size(); w++) {
        for (int i = s.windows.get(w)[0]; i <= s.windows.get(w)[1]; i++) {
          windowOf[i] = totalWindows + w;
        }
      }
      int prevRight = -1;
      int prevWidth = 0;
      int w = 0;
      for (int i = 0; i < n; i++) {
        double weighted;
        int id = windowOf[i];
        if (id >= 0) {
          int[] win = s.windows.get(id - totalWindows);
          int width = win[1] - win[0] + 1;
          double position = -(win[1] - i + 1) / (double) width;
          weighted = scaledSigmoid(position) / maxTp * tpW;
          if (i == win[1]) {
            prevRight = win[1];
            prevWidth = width;
          }
        } else if (prevRight < 0) {
          weighted = -fpW;
        } else {
          double position = Math.abs(prevRight - i) / (double) (prevWidth - 1);
          weighted = scaledSigmoid(position) * fpW;
        }
        if (i >= probation) {
          rows.add(new double[] {scores[i], weighted, id});
        }
      }
      totalWindows += s.windows.size();
    }
    rows.sort((a, b) -> Double.compare(b[0], a[0]));
    double[] best = new double[totalWindows];
    boolean[] hit = new boolean[totalWindows];
    double tpSum = 0;
    double fpSum = 0;
    int missed = totalWindows;
    double bestScore = -fnW * totalWindows; // no detection at all
    for (int i = 0; i < rows.size(); i++) {
      double[] r = rows.get(i);
      int id = (int) r[2];
      if (id < 0) {
        fpSum += r[1];
      } else if (!hit[id]) {
        hit[id] = true;
        best[id] = r[1];
        tpSum += r[1];
        missed--;
      } else if (r[1] > best[id]) {
        tpSum += r[1] - best[id];
        best[id] = r[1];
      }
      boolean lastOfTie = i + 1 == rows.size() || rows.get(i + 1)[0] != r[0];
      if (lastOfTie) {
        bestScore = Math.max(bestScore, tpSum + fpSum - fnW * missed);
      }
    }
    double nullScore = -fnW * totalWindows;
    double perfect = tpW * totalWindows;
    return 100.0 * (bestScore - nullScore) / (perfect - nullScore);
  }
}
