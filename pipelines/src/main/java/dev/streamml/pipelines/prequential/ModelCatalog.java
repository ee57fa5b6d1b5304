package dev.streamml.pipelines.prequential;

import dev.streamml.online.DriftAdaptive;
import dev.streamml.online.HoeffdingTreeParams;
import dev.streamml.online.LearningRate;
import dev.streamml.online.OnlineAdaptiveHoeffdingTree;
import dev.streamml.online.OnlineFtrlLogisticRegression;
import dev.streamml.online.OnlineGaussianNaiveBayes;
import dev.streamml.online.OnlineHoeffdingTree;
import dev.streamml.online.OnlineLeveragingBagging;
import dev.streamml.online.OnlineLinearRegression;
import dev.streamml.online.OnlineLogisticRegression;
import dev.streamml.online.OnlineModel;
import dev.streamml.online.StandardScaled;

/**
 * The models {@code streamml prequential} and the {@code online-learning} pipeline offer, by name,
 * with their default settings, and the drift adaptation that can wrap a classifier.
 *
 * <pre>{@code
 * OnlineModel model = ModelCatalog.withDrift(ModelCatalog.named("hoeffding-tree", 2), "swap");
 * events.apply(PrequentialLearning.of(model));
 * }</pre>
 */
public final class ModelCatalog {
  /**
   * Leveraging bagging of 10 Hoeffding trees (MOA's defaults), with causal features: the best of
   * the classifiers on Elec2 (91.1 % prequential accuracy in {@code Elec2Prequential}).
   */
  public static final String RECOMMENDED = "leveraging-bagging";

  /** The regressor offered: linear regression (normalised LMS) behind a standard scaler. */
  public static final String LINEAR_REGRESSION = "linear-regression";

  /** Step of {@link #LINEAR_REGRESSION}; normalised LMS is stable for steps in (0, 2). */
  public static final double LINEAR_REGRESSION_RATE = 0.5;

  /** Every name {@link #named} accepts. */
  public static final String ACCEPTED =
      "leveraging-bagging (default), hoeffding-tree, hoeffding-adaptive-tree, gaussian-nb,"
          + " logistic-sgd, logistic-ftrl (the last two binary only), "
          + LINEAR_REGRESSION
          + " (regression)";

  /** Every drift adaptation {@link #withDrift} accepts. */
  public static final String DRIFT_MODES = "none (default), reset, swap";

  private ModelCatalog() {}

  /**
   * A fresh model of {@code classes} classes.
   *
   * @throws IllegalArgumentException for an unknown name, or a binary-only model and more classes
   */
  public static OnlineModel named(String name, int classes) {
    HoeffdingTreeParams trees = HoeffdingTreeParams.defaults().withNumClasses(classes);
    switch (name) {
      case "leveraging-bagging":
        return OnlineLeveragingBagging.of(
            trees,
            OnlineLeveragingBagging.DEFAULT_SIZE,
            OnlineLeveragingBagging.DEFAULT_LAMBDA,
            OnlineLeveragingBagging.DEFAULT_SEED);
      case "hoeffding-tree":
        return OnlineHoeffdingTree.of(trees);
      case "hoeffding-adaptive-tree":
        return OnlineAdaptiveHoeffdingTree.of(trees);
      case "gaussian-nb":
        return OnlineGaussianNaiveBayes.create(classes);
      case "logistic-sgd":
        requireBinary(name, classes);
        return StandardScaled.wrap(OnlineLogisticRegression.create());
      case "logistic-ftrl":
        requireBinary(name, classes);
        return StandardScaled.wrap(OnlineFtrlLogisticRegression.create());
      case LINEAR_REGRESSION:
        return StandardScaled.wrap(
            OnlineLinearRegression.normalized(LearningRate.constant(LINEAR_REGRESSION_RATE), 0.0));
      default:
        throw new IllegalArgumentException("unknown model '" + name + "'; accepted: " + ACCEPTED);
    }
  }

  /** Whether {@code name} is a regressor: its labels are numbers, not classes. */
  public static boolean isRegression(String name) {
    return LINEAR_REGRESSION.equals(name);
  }

  /**
   * {@code model} as is ({@code none}), or wrapped in {@link DriftAdaptive}: replaced by a fresh
   * copy ({@code reset}) or by a background model trained since the warning ({@code swap}) when
   * DDM sees its errors drift.
   *
   * @throws IllegalArgumentException for another mode, or a regressor with drift adaptation
   */
  public static OnlineModel withDrift(OnlineModel model, String mode) {
    switch (mode) {
      case "none":
        return model;
      case "reset":
        return DriftAdaptive.resetting(model);
      case "swap":
        return DriftAdaptive.swapping(model);
      default:
        throw new IllegalArgumentException(
            "unknown drift adaptation '" + mode + "'; accepted: " + DRIFT_MODES);
    }
  }

  private static void requireBinary(String name, int classes) {
    if (classes != 2) {
      throw new IllegalArgumentException(
          name + " is a binary classifier but the labels have " + classes + " classes");
    }
  }
}
