package dev.streamml.online;

import java.util.Map;
import java.util.TreeMap;

/**
 * A linear model {@code z = w . x + b} trained by SGD with L2 on {@code w} (not on {@code b}):
 * with {@code g = d loss / d z} for the row, {@code eta = rate.at(version)},
 * {@code w <- w - eta (g x + l2 w)} and {@code b <- b - eta g}. Weights start at 0.
 */
abstract class LinearSgdModel implements OnlineModel {
  private static final long serialVersionUID = 1L;

  final LearningRate rate;
  final double l2;
  double[] weights; // null until the first row fixes the width
  double bias;
  long version;
  /** Normalised LMS: the step divided by {@code 1 + |x|^2}, stable whatever the feature scale. */
  boolean normalized;

  LinearSgdModel(LearningRate rate, double l2) {
    if (rate == null) {
      throw new IllegalArgumentException("learning rate should be set");
    }
    if (!(l2 >= 0) || Double.isInfinite(l2)) {
      throw new IllegalArgumentException("l2 should be a non-negative finite number, was " + l2);
    }
    this.rate = rate;
    this.l2 = l2;
  }

  /** Loss gradient with respect to the linear output, for output z and label y. */
  abstract double gradient(double z, double label);

  /** The raw linear output {@code w . x + b}; 0 before anything was learned. */
  public double decisionFunction(double[] features) {
    Rows.checkWidth(weights == null ? -1 : weights.length, features);
    return weights == null ? bias : Rows.dot(weights, features) + bias;
  }

  @Override
  public void learn(double[] features, double label) {
    Rows.checkWidth(weights == null ? -1 : weights.length, features);
    if (Double.isNaN(label)) {
      throw new IllegalArgumentException("label should be a number, was NaN");
    }
    if (weights == null) {
      weights = new double[features.length];
    }
    double g = gradient(decisionFunction(features), label);
    double eta = rate.at(version);
    if (normalized) {
      eta /= 1 + Rows.dot(features, features);
    }
    for (int i = 0; i < weights.length; i++) {
      weights[i] -= eta * (g * features[i] + l2 * weights[i]);
    }
    bias -= eta * g;
    version++;
  }

  @Override
  public long version() {
    return version;
  }

  /** The weights, or an empty array before the first learned row. */
  public double[] weights() {
    return weights == null ? new double[0] : weights.clone();
  }

  public double bias() {
    return bias;
  }

  /**
   * Parameters: {@code learningRate.initial}, {@code learningRate.power}, {@code l2}, {@code
   * weights} (empty before the first row), {@code bias}.
   */
  @Override
  public ModelSnapshot snapshot() {
    Map<String, double[]> p = new TreeMap<>();
    p.put("learningRate.initial", new double[] {rate.initial()});
    p.put("learningRate.power", new double[] {rate.power()});
    p.put("l2", new double[] {l2});
    p.put("weights", weights());
    p.put("bias", new double[] {bias});
    if (normalized) {
      p.put("normalized", new double[] {1});
    }
    return ModelSnapshot.of(id(), version, p);
  }

  static LearningRate rateOf(ModelSnapshot s) {
    return LearningRate.inverseScaling(s.scalar("learningRate.initial"), s.scalar("learningRate.power"));
  }

  static <T extends LinearSgdModel> T restoreInto(T model, ModelSnapshot s) {
    double[] w = s.get("weights");
    model.weights = w.length == 0 ? null : w;
    model.bias = s.scalar("bias");
    model.version = s.version();
    model.normalized = s.has("normalized") && s.scalar("normalized") == 1;
    return model;
  }

  <T extends LinearSgdModel> T copyInto(T model) {
    model.weights = weights == null ? null : weights.clone();
    model.normalized = normalized;
    model.bias = bias;
    model.version = version;
    return model;
  }
}
