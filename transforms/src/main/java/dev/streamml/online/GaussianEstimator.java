package dev.streamml.online;

import java.io.Serializable;

/**
 * Weighted running mean and variance of one attribute (West's weighted Welford update, as MOA's
 * {@code GaussianEstimator}), with the smallest and largest value seen.
 */
final class GaussianEstimator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Floor of the standard deviation in densities, so that constant attributes stay finite. */
  static final double MIN_STD = 1e-6;

  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

  double weight;
  double mean;
  double varianceSum;
  double min = Double.POSITIVE_INFINITY;
  double max = Double.NEGATIVE_INFINITY;

  void add(double value, double w) {
    if (weight > 0) {
      weight += w;
      double last = mean;
      mean += w * (value - last) / weight;
      varianceSum += w * (value - last) * (value - mean);
    } else {
      mean = value;
      weight = w;
    }
    min = Math.min(min, value);
    max = Math.max(max, value);
  }

  /** Sample variance {@code varianceSum / (weight - 1)}, 0 up to a weight of 1. */
  double variance() {
    return weight > 1 ? varianceSum / (weight - 1) : 0.0;
  }

  double logDensity(double value) {
    return logDensity(value, mean, variance());
  }

  /** Weight of values at or below {@code v}: exact outside [min, max], the normal cdf inside. */
  double weightAtOrBelow(double v) {
    if (weight == 0 || v < min) {
      return 0.0;
    }
    if (v >= max) {
      return weight;
    }
    double std = Math.max(Math.sqrt(variance()), MIN_STD);
    return weight * normalCdf((v - mean) / std);
  }

  /** Log of the normal density, with the standard deviation floored at {@link #MIN_STD}. */
  static double logDensity(double value, double mean, double variance) {
    double std = Math.max(Math.sqrt(variance), MIN_STD);
    double d = (value - mean) / std;
    return -0.5 * d * d - Math.log(std) - LOG_SQRT_2PI;
  }

  /** Standard normal cdf via the complementary error function (fractional error below 1.2e-7). */
  static double normalCdf(double z) {
    return 0.5 * erfc(-z / Math.sqrt(2.0));
  }

  private static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double poly =
        -z * z - 1.26551223
            + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                    + t * (-0.82215223 + t * 0.17087277))))))));
    double ans = t * Math.exp(poly);
    return x >= 0 ? ans : 2.0 - ans;
  }

  void write(FlatState.Writer out) {
    out.add(weight).add(mean).add(varianceSum).add(min).add(max);
  }

  static GaussianEstimator read(FlatState.Reader in) {
    GaussianEstimator e = new GaussianEstimator();
    e.weight = in.next();
    e.mean = in.next();
    e.varianceSum = in.next();
    e.min = in.next();
    e.max = in.next();
    return e;
  }

  GaussianEstimator copy() {
    GaussianEstimator e = new GaussianEstimator();
    e.weight = weight;
    e.mean = mean;
    e.varianceSum = varianceSum;
    e.min = min;
    e.max = max;
    return e;
  }
}
