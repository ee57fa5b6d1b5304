package dev.streamml.drift;

import java.util.Random;

/** Seeded synthetic streams with one planted change, shared by the detector tests. */
final class Streams {
  private Streams() {}

  /** 0/1 values, 1 with probability {@code before} until {@code change}, then {@code after}. */
  static double[] bernoulli(long seed, int length, int change, double before, double after) {
    Random random = new Random(seed);
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = random.nextDouble() < (i < change ? before : after) ? 1 : 0;
    }
    return values;
  }

  /** Unit-variance Gaussian values with mean {@code before} until {@code change}, then after. */
  static double[] gaussian(long seed, int length, int change, double before, double after) {
    Random random = new Random(seed);
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = random.nextGaussian() + (i < change ? before : after);
    }
    return values;
  }

  /** Index of every DRIFT the detector reports over {@code values}, in order. */
  static int[] drifts(DriftDetector detector, double[] values) {
    return java.util.stream.IntStream.range(0, values.length)
        .filter(i -> detector.update(values[i]) == DriftState.DRIFT)
        .toArray();
  }

  /**
   * Checks that a stream with a change at {@code change} raises no drift before it and a first
   * drift within {@code maxDelay} values after it; returns the delay.
   */
  static int assertDetectedWithin(
      DriftDetector detector, double[] values, int change, int maxDelay) {
    int[] drifts = drifts(detector, values);
    String all = java.util.Arrays.toString(drifts);
    if (drifts.length == 0) {
      throw new AssertionError(detector.id() + " missed the change at " + change);
    }
    if (drifts[0] < change) {
      throw new AssertionError(
          detector.id() + " raised a false alarm before " + change + ": " + all);
    }
    int delay = drifts[0] - change;
    if (delay > maxDelay) {
      throw new AssertionError(
          detector.id() + " detected after " + delay + " values, allowed " + maxDelay + ": " + all);
    }
    return delay;
  }
}
