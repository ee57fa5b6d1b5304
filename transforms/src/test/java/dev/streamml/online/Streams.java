package dev.streamml.online;

import java.util.Random;

/** Seeded synthetic streams for the model tests. */
final class Streams {
  private Streams() {}

  /** Rows of {@code width} uniform features in [0, 1); label 1 iff feature 0 > 0.5, else 0. */
  static double[][] separable(int n, int width, long seed) {
    Random random = new Random(seed);
    double[][] rows = new double[n][width + 1];
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < width; j++) {
        rows[t][j] = random.nextDouble();
      }
      rows[t][width] = rows[t][0] > 0.5 ? 1 : 0;
    }
    return rows;
  }

  /** A noisy mix: label 1 iff x0 + 0.5 x1 - x2 > 0.25, flipped with probability 0.1. */
  static double[][] noisy(int n, long seed) {
    Random random = new Random(seed);
    double[][] rows = new double[n][4];
    for (int t = 0; t < n; t++) {
      for (int j = 0; j < 3; j++) {
        rows[t][j] = random.nextDouble();
      }
      boolean positive = rows[t][0] + 0.5 * rows[t][1] - rows[t][2] > 0.25;
      if (random.nextDouble() < 0.1) {
        positive = !positive;
      }
      rows[t][3] = positive ? 1 : 0;
    }
    return rows;
  }

  static double[] features(double[] row) {
    return java.util.Arrays.copyOf(row, row.length - 1);
  }

  static double label(double[] row) {
    return row[row.length - 1];
  }

  static void learnAll(OnlineModel model, double[][] rows, int from, int to) {
    for (int t = from; t < to; t++) {
      model.learn(features(rows[t]), label(rows[t]));
    }
  }
}
