package dev.streamml.online;

import java.util.Map;
import java.util.TreeMap;

/**
 * Binary logistic regression trained by FTRL-Proximal (McMahan et al., "Ad Click Prediction: a
 * View from the Trenches", KDD 2013, Algorithm 1), with per-coordinate learning rates and L1 that
 * gives exact zeros.
 *
 * <p>Per coordinate i (the bias is the last coordinate, with feature value 1 and the same
 * regularisation): {@code w_i = 0} if {@code |z_i| <= l1}, else {@code w_i = -(z_i - sgn(z_i) l1) /
 * ((beta + sqrt(n_i)) / alpha + l2)}; {@code p = sigmoid(w . x)}. Learning a row with label y: for
 * every i, {@code g_i = (p - y) x_i}, {@code sigma_i = (sqrt(n_i + g_i^2) - sqrt(n_i)) / alpha},
 * {@code z_i += g_i - sigma_i w_i}, {@code n_i += g_i^2}, all with the {@code w} of the
 * prediction.
 *
 * <p>Snapshot ({@code logistic-ftrl}): {@code alpha}, {@code beta}, {@code l1}, {@code l2},
 * {@code z} and {@code n} (length features + 1, bias last; empty before the first row).
 *
 * <pre>{@code
 * OnlineFtrlLogisticRegression model = OnlineFtrlLogisticRegression.of(0.1, 1.0, 1.0, 1.0);
 * double pOne = model.predict(features); // P(class = 1)
 * model.learn(features, 1.0);
 * }</pre>
 */
public final class OnlineFtrlLogisticRegression implements OnlineModel {
  private static final long serialVersionUID = 1L;
  public static final String ID = "logistic-ftrl";
  public static final double DEFAULT_ALPHA = 0.1;
  public static final double DEFAULT_BETA = 1.0;
  public static final double DEFAULT_L1 = 1.0;
  public static final double DEFAULT_L2 = 1.0;

  private final double alpha;
  private final double beta;
  private final double l1;
  private final double l2;
  private double[] z; // null until the first row
  private double[] n;
  private long version;

  private OnlineFtrlLogisticRegression(double alpha, double beta, double l1, double l2) {
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha should be a positive finite number, was " + alpha);
    }
    for (double v : new double[] {beta, l1, l2}) {
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(
            "beta, l1 and l2 should be non-negative finite numbers, got " + beta + ", " + l1 + ", " + l2);
      }
    }
    this.alpha = alpha;
    this.beta = beta;
    this.l1 = l1;
    this.l2 = l2;
  }

  /** The paper's usual settings: alpha 0.1, beta 1, l1 1, l2 1. */
  public static OnlineFtrlLogisticRegression create() {
    return of(DEFAULT_ALPHA, DEFAULT_BETA, DEFAULT_L1, DEFAULT_L2);
  }

  public static OnlineFtrlLogisticRegression of(double alpha, double beta, double l1, double l2) {
    return new OnlineFtrlLogisticRegression(alpha, beta, l1, l2);
  }

  public static OnlineFtrlLogisticRegression fromSnapshot(ModelSnapshot s) {
    s.requireModel(ID);
    OnlineFtrlLogisticRegression m =
        of(s.scalar("alpha"), s.scalar("beta"), s.scalar("l1"), s.scalar("l2"));
    double[] z = s.get("z");
    double[] n = s.get("n");
    if (z.length != n.length) {
      throw new IllegalArgumentException("z and n should have the same length, were " + z.length + " and " + n.length);
    }
    m.z = z.length == 0 ? null : z;
    m.n = n.length == 0 ? null : n;
    m.version = s.version();
    return m;
  }

  @Override
  public String id() {
    return ID;
  }

  /** The current weights (bias last), computed lazily from z and n. */
  public double[] weights() {
    if (z == null) {
      return new double[0];
    }
    double[] w = new double[z.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = weight(i);
    }
    return w;
  }

  private double weight(int i) {
    double zi = z[i];
    if (Math.abs(zi) <= l1) {
      return 0.0;
    }
    return -(zi - Math.signum(zi) * l1) / ((beta + Math.sqrt(n[i])) / alpha + l2);
  }

  private double dimensionFeatures() {
    return z == null ? -1 : z.length - 1;
  }

  @Override
  public double predict(double[] features) {
    Rows.checkWidth((int) dimensionFeatures(), features);
    if (z == null) {
      return 0.5;
    }
    return Rows.sigmoid(margin(weights(), features));
  }

  private static double margin(double[] w, double[] x) {
    double s = w[x.length];
    for (int i = 0; i < x.length; i++) {
      s += w[i] * x[i];
    }
    return s;
  }

  @Override
  public double[] predictProba(double[] features) {
    double p = predict(features);
    return new double[] {1.0 - p, p};
  }

  @Override
  public void learn(double[] features, double label) {
    Rows.checkWidth((int) dimensionFeatures(), features);
    if (label != 0.0 && label != 1.0) {
      throw new IllegalArgumentException("label should be 0 or 1, was " + label);
    }
    if (z == null) {
      z = new double[features.length + 1];
      n = new double[features.length + 1];
    }
    double[] w = weights();
    double g0 = Rows.sigmoid(margin(w, features)) - label;
    for (int i = 0; i < z.length; i++) {
      double x = i < features.length ? features[i] : 1.0;
      double g = g0 * x;
      double sigma = (Math.sqrt(n[i] + g * g) - Math.sqrt(n[i])) / alpha;
      z[i] += g - sigma * w[i];
      n[i] += g * g;
    }
    version++;
  }

  @Override
  public long version() {
    return version;
  }

  @Override
  public ModelSnapshot snapshot() {
    Map<String, double[]> p = new TreeMap<>();
    p.put("alpha", new double[] {alpha});
    p.put("beta", new double[] {beta});
    p.put("l1", new double[] {l1});
    p.put("l2", new double[] {l2});
    p.put("z", z == null ? new double[0] : z.clone());
    p.put("n", n == null ? new double[0] : n.clone());
    return ModelSnapshot.of(ID, version, p);
  }

  @Override
  public OnlineFtrlLogisticRegression copy() {
    OnlineFtrlLogisticRegression c = of(alpha, beta, l1, l2);
    c.z = z == null ? null : z.clone();
    c.n = n == null ? null : n.clone();
    c.version = version;
    return c;
  }
}
