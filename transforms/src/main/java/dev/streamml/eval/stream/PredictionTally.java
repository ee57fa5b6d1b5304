package dev.streamml.eval.stream;

import dev.streamml.eval.metrics.ClassificationMetrics;
import dev.streamml.eval.metrics.RegressionMetrics;
import dev.streamml.online.beam.Prediction;
import java.io.Serializable;
import javax.annotation.Nullable;

/**
 * The mergeable metrics of some predictions: classification or regression metrics of the
 * labelled ones, and counts of those that could not be scored. Merging tallies of disjoint
 * predictions gives the tally of all of them, in any order.
 */
final class PredictionTally implements Serializable {
  private static final long serialVersionUID = 1L;

  private final @Nullable ClassificationMetrics classification;
  private final @Nullable RegressionMetrics regression;
  /** Predictions of events without a label: nothing to score yet. */
  private long unlabelled;
  /** Labelled predictions that do not fit the metrics: a class out of range, a NaN value. */
  private long unscorable;

  private PredictionTally(
      @Nullable ClassificationMetrics classification, @Nullable RegressionMetrics regression) {
    this.classification = classification;
    this.regression = regression;
  }

  static PredictionTally classification(int classes) {
    return new PredictionTally(ClassificationMetrics.forClasses(classes), null);
  }

  static PredictionTally regression() {
    return new PredictionTally(null, new RegressionMetrics());
  }

  PredictionTally add(Prediction prediction) {
    Double actual = prediction.actual();
    if (actual == null) {
      unlabelled++;
    } else if (!addLabelled(prediction, actual)) {
      unscorable++;
    }
    return this;
  }

  private boolean addLabelled(Prediction prediction, double actual) {
    if (regression != null) {
      if (prediction.isRegression() && Double.isFinite(actual) && Double.isFinite(prediction.value())) {
        regression.add(actual, prediction.value());
        return true;
      }
      return false;
    }
    int classes = classification.classes();
    int actualClass = (int) actual;
    int predicted = prediction.predictedClass();
    if (prediction.isRegression()
        || actualClass != actual
        || actualClass < 0
        || actualClass >= classes
        || predicted < 0
        || predicted >= classes) {
      return false;
    }
    if (classes == 2) {
      classification.add(actualClass, predicted, prediction.probabilityOf(1));
    } else {
      classification.add(actualClass, predicted);
    }
    return true;
  }

  PredictionTally merge(PredictionTally other) {
    if (classification != null) {
      classification.merge(other.classification);
    } else {
      regression.merge(other.regression);
    }
    unlabelled += other.unlabelled;
    unscorable += other.unscorable;
    return this;
  }

  PredictionTally copy() {
    PredictionTally copy =
        new PredictionTally(
            classification == null ? null : classification.copy(),
            regression == null ? null : regression.copy());
    copy.unlabelled = unlabelled;
    copy.unscorable = unscorable;
    return copy;
  }

  @Nullable
  ClassificationMetrics classificationMetrics() {
    return classification;
  }

  @Nullable
  RegressionMetrics regressionMetrics() {
    return regression;
  }

  long unlabelled() {
    return unlabelled;
  }

  long unscorable() {
    return unscorable;
  }
}
