package dev.streamml.anomaly.detectors;

/** Normal-distribution helpers shared by the detectors. */
final class Gaussian {

  private Gaussian() {}

  /**
   * Maps a standard score to [0, 1] as {@code 1 - 2 (1 - Phi(|z|))}, the probability mass of a
   * standard normal closer to the mean than {@code z}: 0 at the mean, 0.683 at one standard
   * deviation, 0.954 at two, 0.997 at three.
   */
  static double twoSidedScore(double z) {
    if (Double.isNaN(z)) {
      return 0.0;
    }
    return 1.0 - erfc(Math.abs(z) / Math.sqrt(2.0));
  }

  /** Upper tail {@code 1 - Phi(z)} of the standard normal. */
  static double upperTail(double z) {
    return 0.5 * erfc(z / Math.sqrt(2.0));
  }

  /**
   * Complementary error function, Chebyshev fit with fractional error below 1.2e-7 everywhere
   * (Numerical Recipes, {@code erfcc}).
   */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.5 * z);
    double ans =
        t
            * Math.exp(
                -z * z
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return x >= 0 ? ans : 2.0 - ans;
  }
}
