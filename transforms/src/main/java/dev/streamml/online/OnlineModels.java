package dev.streamml.online;

/**
 * Restores any model of this package from its {@link ModelSnapshot}.
 *
 * <pre>{@code
 * OnlineModel restored = OnlineModels.fromSnapshot(model.snapshot());
 * }</pre>
 */
public final class OnlineModels {
  private OnlineModels() {}

  /**
   * The model the snapshot was taken of, in the same state: it predicts bit for bit as the
   * original did and goes on learning from there (warm start).
   *
   * @throws IllegalArgumentException for an unknown model id or a malformed snapshot
   */
  public static OnlineModel fromSnapshot(ModelSnapshot snapshot) {
    String id = snapshot.modelId();
    if (id.startsWith(StandardScaled.ID_PREFIX)) {
      return StandardScaled.fromSnapshot(snapshot);
    }
    if (id.startsWith(DriftAdaptive.ID_PREFIX)) {
      return DriftAdaptive.fromSnapshot(snapshot);
    }
    switch (id) {
      case OnlineLogisticRegression.ID:
        return OnlineLogisticRegression.fromSnapshot(snapshot);
      case OnlineFtrlLogisticRegression.ID:
        return OnlineFtrlLogisticRegression.fromSnapshot(snapshot);
      case OnlineLinearRegression.ID:
        return OnlineLinearRegression.fromSnapshot(snapshot);
      case OnlineGaussianNaiveBayes.ID:
        return OnlineGaussianNaiveBayes.fromSnapshot(snapshot);
      case OnlineHoeffdingTree.ID:
        return OnlineHoeffdingTree.fromSnapshot(snapshot);
      case OnlineAdaptiveHoeffdingTree.ID:
        return OnlineAdaptiveHoeffdingTree.fromSnapshot(snapshot);
      case OnlineLeveragingBagging.ID:
        return OnlineLeveragingBagging.fromSnapshot(snapshot);
      case OnlineKMeans.ID:
        return OnlineKMeans.fromSnapshot(snapshot);
      default:
        throw new IllegalArgumentException(
            "no online model has id '" + id + "'; known: logistic-sgd, logistic-ftrl, linear-sgd,"
                + " gaussian-nb, hoeffding-tree, hoeffding-adaptive-tree, leveraging-bagging,"
                + " kmeans, standard-scaled:<id> and drift-adaptive:<id>");
    }
  }
}
