package dev.streamml.online;

/**
 * Binary logistic regression trained by SGD on the log loss: {@code p = sigmoid(w . x + b)},
 * gradient {@code g = p - y}, then {@code w <- w - eta (g x + l2 w)}, {@code b <- b - eta g} with
 * {@code eta = rate.at(t)} for the t-th learned row (from 0). Weights start at 0, so the first
 * prediction is 0.5. Labels are 0 or 1.
 *
 * <p>Snapshot ({@code logistic-sgd}): {@code learningRate.initial}, {@code learningRate.power},
 * {@code l2}, {@code weights}, {@code bias}. Features on very different scales train better
 * behind {@link StandardScaled}.
 *
 * <pre>{@code
 * OnlineModel lr = StandardScaled.wrap(OnlineLogisticRegression.of(LearningRate.constant(0.05), 1e-4));
 * }</pre>
 */
public final class OnlineLogisticRegression extends LinearSgdModel {
  private static final long serialVersionUID = 1L;
  public static final String ID = "logistic-sgd";
  public static final LearningRate DEFAULT_LEARNING_RATE = LearningRate.constant(0.05);
  public static final double DEFAULT_L2 = 0.0;

  private OnlineLogisticRegression(LearningRate rate, double l2) {
    super(rate, l2);
  }

  /** Default rate {@link #DEFAULT_LEARNING_RATE}, no L2. */
  public static OnlineLogisticRegression create() {
    return of(DEFAULT_LEARNING_RATE, DEFAULT_L2);
  }

  public static OnlineLogisticRegression of(LearningRate rate, double l2) {
    return new OnlineLogisticRegression(rate, l2);
  }

  public static OnlineLogisticRegression fromSnapshot(ModelSnapshot s) {
    s.requireModel(ID);
    OnlineLogisticRegression m = of(rateOf(s), s.scalar("l2"));
    return restoreInto(m, s);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  double gradient(double z, double label) {
    if (label != 0.0 && label != 1.0) {
      throw new IllegalArgumentException("label should be 0 or 1, was " + label);
    }
    return Rows.sigmoid(z) - label;
  }

  /** {@code P(class = 1)}. */
  @Override
  public double predict(double[] features) {
    return Rows.sigmoid(decisionFunction(features));
  }

  @Override
  public double[] predictProba(double[] features) {
    double p = predict(features);
    return new double[] {1.0 - p, p};
  }

  @Override
  public OnlineLogisticRegression copy() {
    return copyInto(of(rate, l2));
  }
}
