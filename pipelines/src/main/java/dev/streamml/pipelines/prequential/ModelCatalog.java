package dev.streamml.pipelines.prequential;

import dev.streamml.online.HoeffdingTreeParams;
import dev.streamml.online.OnlineAdaptiveHoeffdingTree;
import dev.streamml.online.OnlineFtrlLogisticRegression;
import dev.streamml.online.OnlineGaussianNaiveBayes;
import dev.streamml.online.OnlineHoeffdingTree;
import dev.streamml.online.OnlineLeveragingBagging;
import dev.streamml.online.OnlineLogisticRegression;
import dev.streamml.online.OnlineModel;
import dev.streamml.online.StandardScaled;

/**
 * The classifiers {@code streamml prequential} offers, by name, with their default settings.
 *
 * <pre>{@code
 * OnlineModel model = ModelCatalog.named(ModelCatalog.RECOMMENDED, 2); // two classes
 * events.apply(PrequentialLearning.of(model));
 * }</pre>
 */
public final class ModelCatalog {
  /**
   * Leveraging bagging of 10 Hoeffding trees (MOA's defaults), with causal features: the best of
   * the classifiers on Elec2 (91.1 % prequential accuracy in {@code Elec2Prequential}).
   */
  public static final String RECOMMENDED = "leveraging-bagging";

  /** Every name {@link #named} accepts. */
  public static final String ACCEPTED =
      "leveraging-bagging (default), hoeffding-tree, hoeffding-adaptive-tree, gaussian-nb,"
          + " logistic-sgd, logistic-ftrl (the last two binary only)";

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
      default:
        throw new IllegalArgumentException("unknown model '" + name + "'; accepted: " + ACCEPTED);
    }
  }

  private static void requireBinary(String name, int classes) {
    if (classes != 2) {
      throw new IllegalArgumentException(
          name + " is a binary classifier but the labels have " + classes + " classes");
    }
  }
}
