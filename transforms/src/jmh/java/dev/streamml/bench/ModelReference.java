package dev.streamml.bench;

import java.util.SplittableRandom;

/**
 * Bare-loop references for the online models: predict then learn one labelled row, on primitive
 * arrays only. Each says which part of its model's arithmetic it covers.
 */
final class ModelReference {
  private ModelReference() {}

  /** Predicts the row, then learns it; returns the prediction. */
  interface RowStep {
    double step(double[] x, double y);
  }

  static RowStep named(String id, int features) {
    switch (id) {
      case "logistic-sgd":
        return new Sgd(features, true);
      case "linear-sgd":
        return new Sgd(features, false);
      case "logistic-ftrl":
        return new Ftrl(features);
      case "gaussian-nb":
        return new GaussianNb(features);
      case "kmeans":
        return new KMeans(3, features);
      case "hoeffding-tree":
        return new LeafStatistics(features, false);
      case "hoeffding-adaptive-tree":
        return new LeafStatistics(features, true);
      case "leveraging-bagging":
        return new Bagging(features, 10);
      default:
        throw new IllegalArgumentException(id);
    }
  }

  /** Dot product, (sigmoid), gradient step with a constant rate. */
  static final class Sgd implements RowStep {
    private final double[] w;
    private double bias;
    private final boolean logistic;

    Sgd(int features, boolean logistic) {
      w = new double[features];
      this.logistic = logistic;
    }

    @Override
    public double step(double[] x, double y) {
      double s = bias;
      for (int f = 0; f < w.length; f++) {
        s += w[f] * x[f];
      }
      double p = logistic ? 1 / (1 + Math.exp(-s)) : s;
      double g = (logistic ? 0.05 : 0.01) * (y - p);
      for (int f = 0; f < w.length; f++) {
        w[f] += g * x[f];
      }
      bias += g;
      return p;
    }
  }

  /** FTRL-proximal: weights from z and n with L1/L2, then per-coordinate z and n updates. */
  static final class Ftrl implements RowStep {
    private final double[] z;
    private final double[] n;
    private final double[] w;

    Ftrl(int features) {
      z = new double[features + 1];
      n = new double[features + 1];
      w = new double[features + 1];
    }

    @Override
    public double step(double[] x, double y) {
      double s = 0;
      for (int i = 0; i < z.length; i++) {
        double xi = i == x.length ? 1 : x[i];
        w[i] =
            Math.abs(z[i]) <= 1.0
                ? 0
                : -(z[i] - Math.signum(z[i]) * 1.0) / ((1.0 + Math.sqrt(n[i])) / 0.1 + 1.0);
        s += w[i] * xi;
      }
      double p = 1 / (1 + Math.exp(-s));
      for (int i = 0; i < z.length; i++) {
        double xi = i == x.length ? 1 : x[i];
        double g = (p - y) * xi;
        double sigma = (Math.sqrt(n[i] + g * g) - Math.sqrt(n[i])) / 0.1;
        z[i] += g - sigma * w[i];
        n[i] += g * g;
      }
      return p;
    }
  }

  /** Per class and feature Welford mean and variance; log-likelihood per class for the prediction. */
  static final class GaussianNb implements RowStep {
    private final long[] classCount = new long[2];
    private final double[][] mean;
    private final double[][] m2;

    GaussianNb(int features) {
      mean = new double[2][features];
      m2 = new double[2][features];
    }

    @Override
    public double step(double[] x, double y) {
      double best = Double.NEGATIVE_INFINITY;
      int predicted = 0;
      long total = classCount[0] + classCount[1];
      for (int c = 0; c < 2; c++) {
        if (classCount[c] < 2) {
          continue;
        }
        double ll = Math.log(classCount[c] / (double) total);
        for (int f = 0; f < x.length; f++) {
          double variance = m2[c][f] / (classCount[c] - 1) + 1e-9;
          double d = x[f] - mean[c][f];
          ll += -0.5 * Math.log(2 * Math.PI * variance) - d * d / (2 * variance);
        }
        if (ll > best) {
          best = ll;
          predicted = c;
        }
      }
      int c = (int) y;
      classCount[c]++;
      for (int f = 0; f < x.length; f++) {
        double d = x[f] - mean[c][f];
        mean[c][f] += d / classCount[c];
        m2[c][f] += d * (x[f] - mean[c][f]);
      }
      return predicted;
    }
  }

  /** Nearest of k centroids by squared distance, then that centroid moves by 1/n. */
  static final class KMeans implements RowStep {
    private final double[][] centroids;
    private final long[] counts;

    KMeans(int k, int features) {
      centroids = new double[k][features];
      counts = new long[k];
    }

    @Override
    public double step(double[] x, double y) {
      int best = 0;
      double bestDistance = Double.POSITIVE_INFINITY;
      for (int c = 0; c < centroids.length; c++) {
        if (counts[c] == 0) {
          best = c;
          break;
        }
        double d = 0;
        for (int f = 0; f < x.length; f++) {
          double e = x[f] - centroids[c][f];
          d += e * e;
        }
        if (d < bestDistance) {
          bestDistance = d;
          best = c;
        }
      }
      counts[best]++;
      for (int f = 0; f < x.length; f++) {
        centroids[best][f] += (x[f] - centroids[best][f]) / counts[best];
      }
      return best;
    }
  }

  /**
   * A Hoeffding tree's leaf: naive-Bayes prediction from per class and feature Gaussian
   * statistics, their update, and every 200 rows a split evaluation (10 candidate thresholds per
   * feature, class masses below each from the Gaussian CDF, entropy). The adaptive variant adds
   * the running error rate its change detector watches.
   */
  static final class LeafStatistics implements RowStep {
    private final GaussianNb nb;
    private final long[] classCount = new long[2];
    private final double[][] mean;
    private final double[][] m2;
    private final boolean adaptive;
    private final Reference.Adwin errors = new Reference.Adwin();
    private long seen;
    private double bestGain;

    LeafStatistics(int features, boolean adaptive) {
      nb = new GaussianNb(features);
      mean = new double[2][features];
      m2 = new double[2][features];
      this.adaptive = adaptive;
    }

    @Override
    public double step(double[] x, double y) {
      double predicted = nb.step(x, y);
      int c = (int) y;
      classCount[c]++;
      for (int f = 0; f < x.length; f++) {
        double d = x[f] - mean[c][f];
        mean[c][f] += d / classCount[c];
        m2[c][f] += d * (x[f] - mean[c][f]);
      }
      if (adaptive) {
        errors.step(predicted == y ? 0 : 1);
      }
      if (++seen % 200 == 0) {
        bestGain = splitGain(x.length);
      }
      return predicted + bestGain * 0;
    }

    private double splitGain(int features) {
      double best = 0;
      for (int f = 0; f < features; f++) {
        for (int t = 1; t <= 10; t++) {
          double threshold = -2.5 + t * 0.5;
          double[] below = new double[2];
          double[] above = new double[2];
          for (int c = 0; c < 2; c++) {
            if (classCount[c] < 2) {
              continue;
            }
            double sd = Math.sqrt(m2[c][f] / (classCount[c] - 1)) + 1e-9;
            double cdf = 0.5 * Reference.erfc(-(threshold - mean[c][f]) / (sd * Math.sqrt(2)));
            below[c] = classCount[c] * cdf;
            above[c] = classCount[c] - below[c];
          }
          best = Math.max(best, -entropy(below) - entropy(above));
        }
      }
      return best;
    }

    private static double entropy(double[] counts) {
      double total = counts[0] + counts[1];
      double h = 0;
      for (double count : counts) {
        if (count > 0) {
          double p = count / total;
          h -= count * Math.log(p);
        }
      }
      return h;
    }
  }

  /** Leveraging bagging: each of n leaf references learns the row Poisson(6) times. */
  static final class Bagging implements RowStep {
    private final LeafStatistics[] members;
    private final SplittableRandom random = new SplittableRandom(1);

    Bagging(int features, int size) {
      members = new LeafStatistics[size];
      for (int i = 0; i < size; i++) {
        members[i] = new LeafStatistics(features, true);
      }
    }

    @Override
    public double step(double[] x, double y) {
      double votes = 0;
      for (LeafStatistics member : members) {
        int k = poisson(6.0);
        double p = 0;
        for (int i = 0; i < Math.max(1, k); i++) {
          p = member.step(x, y);
        }
        votes += p;
      }
      return votes / members.length;
    }

    private int poisson(double lambda) {
      double l = Math.exp(-lambda);
      int k = 0;
      double p = 1;
      do {
        k++;
        p *= random.nextDouble();
      } while (p > l);
      return k - 1;
    }
  }
}
