package dev.streamml.eval.metrics;

import java.io.Serializable;

/**
 * Online, mergeable metrics of a classifier's predictions, for prequential (test-then-train)
 * evaluation: accuracy, Cohen's kappa, log loss and ROC AUC. Memory is fixed: a {@code k x k}
 * confusion matrix and, for binary problems, two histograms of {@code bins} score cells.
 *
 * <ul>
 *   <li><b>Accuracy</b> {@code p0}: correct predictions over all predictions.
 *   <li><b>Kappa</b> {@code (p0 - pc) / (1 - pc)}, with the chance agreement {@code pc = sum_i
 *       (predicted_i / n) (actual_i / n)} from the marginals of the confusion matrix, as MOA's
 *       {@code BasicClassificationPerformanceEvaluator} (unit weights). NaN when {@code pc = 1}.
 *   <li><b>Log loss</b> (binary, from the predictions added with a probability): the mean of {@code
 *       -ln(p)} for actual class 1 and {@code -ln(1 - p)} for class 0, with {@code p} clipped to
 *       {@code [1e-15, 1 - 1e-15]} ({@link #LOG_LOSS_EPSILON}), as scikit-learn.
 *   <li><b>ROC AUC</b> (binary): the chance that a random positive scores above a random negative,
 *       ties counting one half. Scores are counted in {@code bins} equal cells of [0, 1] per class
 *       (cell {@code floor(p * bins)}, 1 in the last); pairs in different cells are compared
 *       exactly and pairs in the same cell count as ties. The result is therefore exact when no
 *       positive and negative with different scores share a cell (for instance, all scores are
 *       multiples of {@code 1 / bins}, or differ by more than {@code 1 / bins}), and otherwise
 *       within {@link #rocAucErrorBound()} {@code = (1/2) sum_c pos_c neg_c / (P N)} of the exact
 *       value; for scores with densities bounded by {@code f} that bound is about {@code f / (2
 *       bins)}. The default {@link #DEFAULT_BINS} = 1000 gives 1/2000 per unit of density.
 * </ul>
 *
 * <p>Every metric is NaN until it has data. {@link #merge} adds another accumulator's counts, so
 * the metrics of merged parts equal those of one pass over all predictions (log loss up to
 * floating-point summation order).
 *
 * <pre>{@code
 * ClassificationMetrics metrics = ClassificationMetrics.binary();
 * for (Example e : stream) {
 *   double p = model.probabilityOfPositive(e);   // test ...
 *   metrics.add(e.label(), p >= 0.5 ? 1 : 0, p);
 *   model.learn(e);                              // ... then train
 * }
 * double kappa = metrics.kappa();
 * }</pre>
 */
public final class ClassificationMetrics implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Probabilities are clipped to {@code [eps, 1 - eps]} before the logarithm. */
  public static final double LOG_LOSS_EPSILON = 1e-15;

  /** Score cells per class of the ROC AUC histogram. */
  public static final int DEFAULT_BINS = 1000;

  private final int classes;
  private final int bins;
  private final long[] confusion; // [actual * classes + predicted]
  private long count;

  // Binary problems only: predictions added with a probability.
  private final long[] positiveScores;
  private final long[] negativeScores;
  private long scored;
  private double logLossSum;

  private ClassificationMetrics(int classes, int bins) {
    this.classes = classes;
    this.bins = bins;
    this.confusion = new long[classes * classes];
    this.positiveScores = classes == 2 ? new long[bins] : new long[0];
    this.negativeScores = classes == 2 ? new long[bins] : new long[0];
  }

  /** Metrics of a binary classifier (classes 0 and 1), with a {@link #DEFAULT_BINS} AUC. */
  public static ClassificationMetrics binary() {
    return new ClassificationMetrics(2, DEFAULT_BINS);
  }

  /** Metrics of a classifier over classes {@code 0 .. classes - 1} (at least 2). */
  public static ClassificationMetrics forClasses(int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("classes should be at least 2, got " + classes);
    }
    return new ClassificationMetrics(classes, DEFAULT_BINS);
  }

  /**
   * Empty metrics with the same classes whose ROC AUC counts scores in {@code bins} (at least 1)
   * cells per class; only accumulators with equal bins merge.
   */
  public ClassificationMetrics withBins(int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins should be at least 1, got " + bins);
    }
    return new ClassificationMetrics(classes, bins);
  }

  /** Adds a prediction without a probability: it counts for accuracy and kappa only. */
  public ClassificationMetrics add(int actual, int predicted) {
    checkClass("actual", actual);
    checkClass("predicted", predicted);
    confusion[actual * classes + predicted]++;
    count++;
    return this;
  }

  /**
   * Adds a binary prediction with the predicted probability of class 1; it counts for every metric.
   */
  public ClassificationMetrics add(int actual, int predicted, double probabilityOfPositive) {
    if (classes != 2) {
      throw new IllegalStateException(
          "probabilities are supported for binary metrics only, these have "
              + classes
              + " classes");
    }
    if (!(probabilityOfPositive >= 0 && probabilityOfPositive <= 1)) {
      throw new IllegalArgumentException(
          "probabilityOfPositive should lie in [0, 1], got " + probabilityOfPositive);
    }
    add(actual, predicted);
    int cell = Math.min(bins - 1, (int) (probabilityOfPositive * bins));
    (actual == 1 ? positiveScores : negativeScores)[cell]++;
    double p = Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, probabilityOfPositive));
    logLossSum -= actual == 1 ? Math.log(p) : Math.log1p(-p);
    scored++;
    return this;
  }

  /** Adds the counts of {@code other}, which must have the same classes and bins. */
  public ClassificationMetrics merge(ClassificationMetrics other) {
    if (other.classes != classes || other.bins != bins) {
      throw new IllegalArgumentException(
          "cannot merge metrics of "
              + other.classes
              + " classes and "
              + other.bins
              + " bins into metrics of "
              + classes
              + " classes and "
              + bins
              + " bins");
    }
    for (int i = 0; i < confusion.length; i++) {
      confusion[i] += other.confusion[i];
    }
    for (int i = 0; i < positiveScores.length; i++) {
      positiveScores[i] += other.positiveScores[i];
      negativeScores[i] += other.negativeScores[i];
    }
    count += other.count;
    scored += other.scored;
    logLossSum += other.logLossSum;
    return this;
  }

  /** Number of predictions added. */
  public long count() {
    return count;
  }

  /** Number of predictions added with a probability. */
  public long scoredCount() {
    return scored;
  }

  /** Number of classes. */
  public int classes() {
    return classes;
  }

  /** Predictions of class {@code predicted} whose actual class was {@code actual}. */
  public long confusion(int actual, int predicted) {
    checkClass("actual", actual);
    checkClass("predicted", predicted);
    return confusion[actual * classes + predicted];
  }

  /** Fraction of correct predictions, NaN before any. */
  public double accuracy() {
    if (count == 0) {
      return Double.NaN;
    }
    long correct = 0;
    for (int i = 0; i < classes; i++) {
      correct += confusion[i * classes + i];
    }
    return (double) correct / count;
  }

  /** Cohen's kappa {@code (p0 - pc) / (1 - pc)}; NaN before any prediction or when pc is 1. */
  public double kappa() {
    if (count == 0) {
      return Double.NaN;
    }
    double chance = 0;
    for (int c = 0; c < classes; c++) {
      long actual = 0;
      long predicted = 0;
      for (int j = 0; j < classes; j++) {
        actual += confusion[c * classes + j];
        predicted += confusion[j * classes + c];
      }
      chance += ((double) actual / count) * ((double) predicted / count);
    }
    return chance >= 1 ? Double.NaN : (accuracy() - chance) / (1 - chance);
  }

  /** Mean clipped log loss of the predictions added with a probability, NaN before any. */
  public double logLoss() {
    return scored == 0 ? Double.NaN : logLossSum / scored;
  }

  /** ROC AUC of the scored predictions (see the class javadoc), NaN without both classes. */
  public double rocAuc() {
    long positives = 0;
    long negatives = 0;
    for (int c = 0; c < positiveScores.length; c++) {
      positives += positiveScores[c];
      negatives += negativeScores[c];
    }
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    // For each cell: positives there beat every negative in lower cells and tie those in it.
    double wins = 0;
    long negativesBelow = 0;
    for (int c = 0; c < positiveScores.length; c++) {
      wins += positiveScores[c] * (negativesBelow + 0.5 * negativeScores[c]);
      negativesBelow += negativeScores[c];
    }
    return wins / ((double) positives * negatives);
  }

  /**
   * Largest possible difference between {@link #rocAuc()} and the exact AUC of the same scores:
   * half the fraction of positive-negative pairs that share a cell. NaN without both classes.
   */
  public double rocAucErrorBound() {
    long positives = 0;
    long negatives = 0;
    double shared = 0;
    for (int c = 0; c < positiveScores.length; c++) {
      positives += positiveScores[c];
      negatives += negativeScores[c];
      shared += (double) positiveScores[c] * negativeScores[c];
    }
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return 0.5 * shared / ((double) positives * negatives);
  }

  /** An independent copy. */
  public ClassificationMetrics copy() {
    return new ClassificationMetrics(classes, bins).merge(this);
  }

  @Override
  public String toString() {
    return String.format(
        "ClassificationMetrics{count=%d, accuracy=%.4f, kappa=%.4f, logLoss=%.4f, rocAuc=%.4f}",
        count, accuracy(), kappa(), logLoss(), rocAuc());
  }

  private void checkClass(String name, int value) {
    if (value < 0 || value >= classes) {
      throw new IllegalArgumentException(
          name + " class should lie in [0, " + (classes - 1) + "], got " + value);
    }
  }
}
