package dev.streamml.online;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Whole-stream prequential (predict, score, then learn) accuracy and kappa of the classifiers on
 * Elec2. Not a unit test: run by hand,
 *
 * <pre>
 * java -cp transforms/target/classes:transforms/target/test-classes \
 *     dev.streamml.online.Elec2Prequential [path/to/electricity.csv]
 * </pre>
 *
 * <p>Two feature sets, fixed before the run: {@code raw} = the six columns; {@code causal} = the
 * six columns, the previous row's label (already revealed when row t is predicted; 0 for the first
 * row) and the change since the previous row of nswprice, nswdemand, vicprice, vicdemand and
 * transfer (0 for the first row). Row t's own label is never a feature. Hyper-parameters are the
 * defaults of each class; no search.
 */
public final class Elec2Prequential {

  // Relative to the transforms module, where Maven runs its tests.
  static final String DEFAULT_PATH = "../data/elec2/electricity.csv";

  public static void main(String[] args) throws IOException {
    Path path = Paths.get(args.length > 0 ? args[0] : DEFAULT_PATH);
    List<double[]> rows = read(path);
    int n = rows.size();
    double[] labels = new double[n];
    double[][] raw = new double[n][];
    double[][] causal = new double[n][];
    for (int t = 0; t < n; t++) {
      double[] r = rows.get(t);
      labels[t] = r[6];
      raw[t] = java.util.Arrays.copyOf(r, 6);
      double[] prev = t > 0 ? rows.get(t - 1) : null;
      double[] f = new double[12];
      System.arraycopy(r, 0, f, 0, 6);
      f[6] = prev == null ? 0.0 : prev[6];
      for (int j = 1; j <= 5; j++) {
        f[6 + j] = prev == null ? 0.0 : r[j] - prev[j];
      }
      causal[t] = f;
    }
    Map<String, Supplier<OnlineModel>> models = new LinkedHashMap<>();
    models.put("gaussian-nb", () -> OnlineGaussianNaiveBayes.create(2));
    models.put("standard-scaled:logistic-sgd", () -> StandardScaled.wrap(OnlineLogisticRegression.create()));
    models.put("standard-scaled:logistic-ftrl", () -> StandardScaled.wrap(OnlineFtrlLogisticRegression.create()));
    models.put("hoeffding-tree", OnlineHoeffdingTree::create);
    models.put("hoeffding-adaptive-tree", OnlineAdaptiveHoeffdingTree::create);
    models.put("leveraging-bagging (10 HT)", OnlineLeveragingBagging::create);
    for (long seed = 2; seed <= 3; seed++) {
      long fixedSeed = seed;
      models.put(
          "leveraging-bagging (10 HT) seed " + seed,
          () -> OnlineLeveragingBagging.of(HoeffdingTreeParams.defaults(), 10, 6.0, fixedSeed));
    }
    models.put(
        "leveraging-bagging (10 HAT)",
        () -> OnlineLeveragingBagging.ofAdaptiveTrees(HoeffdingTreeParams.defaults(), 10, 6.0, 1L));
    models.put("drift-adaptive swap: gaussian-nb", () -> DriftAdaptive.swapping(OnlineGaussianNaiveBayes.create(2)));
    models.put("drift-adaptive reset: gaussian-nb", () -> DriftAdaptive.resetting(OnlineGaussianNaiveBayes.create(2)));
    models.put("drift-adaptive swap: hoeffding-tree", () -> DriftAdaptive.swapping(OnlineHoeffdingTree.create()));
    models.put("drift-adaptive swap: leveraging-bagging", () -> DriftAdaptive.swapping(OnlineLeveragingBagging.create()));
    String only = System.getProperty("models", "");
    System.out.printf(Locale.ROOT, "rows: %d%n", n);
    System.out.printf(Locale.ROOT, "| %-32s | %-6s | %9s | %7s | %7s |%n", "model", "feats", "accuracy%", "kappa%", "seconds");
    double[] noChange = new double[n];
    for (int t = 0; t < n; t++) {
      noChange[t] = t > 0 ? labels[t - 1] : 0.0;
    }
    print("no-change (previous label)", "-", score(noChange, labels), 0);
    for (Map.Entry<String, Supplier<OnlineModel>> e : models.entrySet()) {
      if (!only.isEmpty() && !e.getKey().contains(only)) {
        continue;
      }
      for (String set : new String[] {"raw", "causal"}) {
        double[][] x = set.equals("raw") ? raw : causal;
        long start = System.nanoTime();
        double[] predicted = prequential(e.getValue().get(), x, labels);
        print(e.getKey(), set, score(predicted, labels), (System.nanoTime() - start) / 1e9);
      }
    }
  }

  /** For each row: predict (argmax of predictProba, ties to class 0), then learn. */
  static double[] prequential(OnlineModel model, double[][] x, double[] labels) {
    double[] predicted = new double[labels.length];
    for (int t = 0; t < labels.length; t++) {
      predicted[t] = Rows.argMax(model.predictProba(x[t]));
      model.learn(x[t], labels[t]);
    }
    return predicted;
  }

  /** Accuracy and Cohen's kappa, both in percent. */
  static double[] score(double[] predicted, double[] labels) {
    int n = labels.length;
    double correct = 0;
    double[] predictedCounts = new double[2];
    double[] trueCounts = new double[2];
    for (int t = 0; t < n; t++) {
      if (predicted[t] == labels[t]) {
        correct++;
      }
      predictedCounts[(int) predicted[t]]++;
      trueCounts[(int) labels[t]]++;
    }
    double p0 = correct / n;
    double pe = (predictedCounts[0] * trueCounts[0] + predictedCounts[1] * trueCounts[1]) / ((double) n * n);
    return new double[] {100 * p0, 100 * (p0 - pe) / (1 - pe)};
  }

  private static void print(String model, String set, double[] s, double seconds) {
    System.out.printf(Locale.ROOT, "| %-32s | %-6s | %9.2f | %7.2f | %7.1f |%n", model, set, s[0], s[1], seconds);
  }

  static List<double[]> read(Path path) throws IOException {
    List<double[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("period")) {
        continue;
      }
      String[] parts = line.split(",");
      double[] r = new double[parts.length];
      for (int i = 0; i < parts.length; i++) {
        r[i] = Double.parseDouble(parts[i].trim());
      }
      rows.add(r);
    }
    return rows;
  }
}
