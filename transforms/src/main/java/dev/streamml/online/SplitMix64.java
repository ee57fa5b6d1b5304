package dev.streamml.online;

import java.io.Serializable;

/**
 * Seeded 64-bit generator (Steele, Lea and Flood's SplitMix64) whose whole state is one long, so
 * that snapshots restore it exactly; also MOA's Poisson sampler.
 */
final class SplitMix64 implements Serializable {
  private static final long serialVersionUID = 1L;
  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  long state() {
    return state;
  }

  long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** A Poisson(lambda) draw for lambda below 100, by MOA's {@code MiscUtils.poisson}. */
  int poisson(double lambda) {
    double product = 1.0;
    double sum = 1.0;
    double threshold = nextDouble() * Math.exp(lambda);
    int max = Math.max(100, 10 * (int) Math.ceil(lambda));
    int i = 1;
    while (i < max && sum <= threshold) {
      product *= lambda / i;
      sum += product;
      i++;
    }
    return i - 1;
  }

  SplitMix64 copy() {
    return new SplitMix64(state);
  }
}
