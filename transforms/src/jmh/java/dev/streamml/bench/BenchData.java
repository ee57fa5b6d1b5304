package dev.streamml.bench;

import java.util.SplittableRandom;

/**
 * Fixed inputs for the JMH benchmarks: a sensor-like series (a sine with noise and rare spikes) and
 * labelled rows of 8 features with a noisy linear label, generated from a fixed seed so every run
 * and every benchmark sees the same data.
 */
final class BenchData {
  /** Points per array; benchmarks cycle through them. */
  static final int SIZE = 1 << 16;

  static final int FEATURES = 8;

  private BenchData() {}

  static double[] series() {
    SplittableRandom random = new SplittableRandom(7);
    double[] values = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      values[i] = 20 + 5 * Math.sin(2 * Math.PI * i / 1440.0) + 0.5 * gaussian(random);
      if (random.nextInt(1000) == 0) {
        values[i] += 15;
      }
    }
    return values;
  }

  static double[][] rows() {
    SplittableRandom random = new SplittableRandom(11);
    double[][] rows = new double[SIZE][FEATURES];
    for (double[] row : rows) {
      for (int f = 0; f < FEATURES; f++) {
        row[f] = gaussian(random);
      }
    }
    return rows;
  }

  static double[] labels(double[][] rows) {
    SplittableRandom random = new SplittableRandom(13);
    double[] labels = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      double s = 0;
      for (int f = 0; f < FEATURES; f++) {
        s += (f % 2 == 0 ? 1 : -0.5) * rows[i][f];
      }
      labels[i] = s + 0.3 * gaussian(random) > 0 ? 1 : 0;
    }
    return labels;
  }

  static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
