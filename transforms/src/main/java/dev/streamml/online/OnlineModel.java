package dev.streamml.online;

import java.io.Serializable;

/**
 * A model that learns from one row at a time and can predict at any time.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #predict} and {@link #predictProba} never change the model; {@link #learn} is the
 *       only update. Prequential use calls {@code predict(x)} then {@code learn(x, y)} per row.
 *   <li>All rows have the same number of features; the first row learned or predicted fixes it
 *       and a row of another length is refused with an {@link IllegalArgumentException}.
 *   <li>Classifiers take labels {@code 0, 1, ..., k-1} as doubles; {@code predict} gives {@code
 *       P(class = 1)} for binary classifiers and the most probable class for multi-class ones.
 *   <li>Deterministic: the same rows in the same order give bit-identical predictions.
 *   <li>{@link #snapshot()} holds the whole state: {@code OnlineModels.fromSnapshot(m.snapshot())}
 *       predicts and goes on learning exactly like {@code m}.
 * </ul>
 *
 * <pre>{@code
 * OnlineModel model = OnlineHoeffdingTree.builder().numClasses(2).build();
 * for (Row row : rows) {
 *   double pUp = model.predict(row.features());
 *   model.learn(row.features(), row.label());
 * }
 * ModelSnapshot saved = model.snapshot();
 * OnlineModel warm = OnlineModels.fromSnapshot(saved);
 * }</pre>
 */
public interface OnlineModel extends Serializable {

  /** A short stable name of the algorithm, such as {@code logistic-sgd}; snapshots carry it. */
  String id();

  /**
   * The regression value, {@code P(class = 1)} for a binary classifier, the most probable class
   * for a multi-class classifier, or the nearest cluster for a clusterer.
   */
  double predict(double[] features);

  /**
   * Per-class probabilities, summing to 1, of a classifier.
   *
   * @throws UnsupportedOperationException for regression and clustering models
   */
  double[] predictProba(double[] features);

  /**
   * Whether {@link #predictProba} gives class probabilities; false for regression and clustering
   * models, whose {@link #predict} is the value itself.
   */
  default boolean isClassifier() {
    return true;
  }

  /** Learns one row with its label (ignored by clusterers). */
  void learn(double[] features, double label);

  /** Number of {@link #learn} calls applied, including those before a snapshot was restored. */
  long version();

  /** The whole state, hyper-parameters included, in the documented format of each model. */
  ModelSnapshot snapshot();

  /** An independent deep copy. */
  OnlineModel copy();
}
