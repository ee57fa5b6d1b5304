package dev.streamml.online;

/** Checks and small numeric helpers shared by the models. */
final class Rows {
  private Rows() {}

  /** The feature count fixed by the first row, or the row's when none is fixed yet (-1). */
  static int checkWidth(int expected, double[] features) {
    if (features == null) {
      throw new IllegalArgumentException("features should be a non-null array");
    }
    if (expected >= 0 && features.length != expected) {
      throw new IllegalArgumentException(
          "expected " + expected + " features, got " + features.length
              + "; every row must have as many features as the first");
    }
    return features.length;
  }

  /** The label as a class index in [0, numClasses). */
  static int classIndex(double label, int numClasses) {
    int c = (int) label;
    if (c != label || c < 0 || c >= numClasses) {
      throw new IllegalArgumentException(
          "label should be a class index 0.." + (numClasses - 1) + ", was " + label);
    }
    return c;
  }

  static double sigmoid(double z) {
    if (z >= 0) {
      return 1.0 / (1.0 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1.0 + e);
  }

  /** First index of the largest value. */
  static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Scales non-negative weights to sum 1; all-zero weights give the uniform distribution. */
  static double[] normalize(double[] weights) {
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    double[] p = new double[weights.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = sum > 0 ? weights[i] / sum : 1.0 / p.length;
    }
    return p;
  }

  /** Softmax of log-weights; all -infinity gives the uniform distribution. */
  static double[] softmax(double[] logs) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logs) {
      max = Math.max(max, l);
    }
    double[] p = new double[logs.length];
    if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
      java.util.Arrays.fill(p, 1.0 / p.length);
      return p;
    }
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(logs[i] - max);
    }
    return normalize(p);
  }

  /** What a classifier's {@code predict} returns: P(class 1) if binary, else the argmax class. */
  static double classifierValue(double[] proba) {
    return proba.length == 2 ? proba[1] : argMax(proba);
  }

  static double dot(double[] w, double[] x) {
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += w[i] * x[i];
    }
    return s;
  }
}
