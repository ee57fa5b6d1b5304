package dev.streamml.online;

/**
 * Linear regression trained by SGD on half the squared loss: {@code y_hat = w . x + b}, gradient
 * {@code g = y_hat - y}, then {@code w <- w - eta (g x + l2 w)}, {@code b <- b - eta g}. Weights
 * start at 0.
 *
 * <p>Snapshot ({@code linear-sgd}): {@code learningRate.initial}, {@code learningRate.power},
 * {@code l2}, {@code weights}, {@code bias}, and {@code normalized} (1) for {@link #normalized}.
 *
 * <pre>{@code
 * OnlineLinearRegression model = OnlineLinearRegression.of(LearningRate.constant(0.01), 1e-4);
 * double estimate = model.predict(features);
 * model.learn(features, target);
 * }</pre>
 */
public final class OnlineLinearRegression extends LinearSgdModel {
  private static final long serialVersionUID = 1L;
  public static final String ID = "linear-sgd";
  public static final LearningRate DEFAULT_LEARNING_RATE = LearningRate.constant(0.01);

  private OnlineLinearRegression(LearningRate rate, double l2) {
    super(rate, l2);
  }

  public static OnlineLinearRegression create() {
    return of(DEFAULT_LEARNING_RATE, 0.0);
  }

  public static OnlineLinearRegression of(LearningRate rate, double l2) {
    return new OnlineLinearRegression(rate, l2);
  }

  /**
   * Normalised least mean squares: each step is {@code rate / (1 + |x|^2)} times the plain one, so
   * a row with large features cannot throw the weights off (plain SGD diverges once {@code rate
   * |x|^2 > 2}). Snapshot parameter {@code normalized} = 1.
   */
  public static OnlineLinearRegression normalized(LearningRate rate, double l2) {
    OnlineLinearRegression model = new OnlineLinearRegression(rate, l2);
    model.normalized = true;
    return model;
  }

  public static OnlineLinearRegression fromSnapshot(ModelSnapshot s) {
    s.requireModel(ID);
    OnlineLinearRegression m = of(rateOf(s), s.scalar("l2"));
    return restoreInto(m, s);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  double gradient(double z, double label) {
    return z - label;
  }

  @Override
  public double predict(double[] features) {
    return decisionFunction(features);
  }

  /** Always throws: a regression model has no classes. */
  @Override
  public boolean isClassifier() {
    return false;
  }

  @Override
  public double[] predictProba(double[] features) {
    throw new UnsupportedOperationException("linear regression predicts values; use predict");
  }

  @Override
  public OnlineLinearRegression copy() {
    return copyInto(of(rate, l2));
  }
}
