package dev.streamml.bench;

import java.util.Arrays;

/**
 * Bare-loop references: the arithmetic each component does per element, written as plain loops
 * over primitive arrays, with no interfaces, checks, copies or state objects. They are what the
 * per-element cost of a component is compared with; each says which part of the algorithm it
 * covers.
 */
final class Reference {
  private Reference() {}

  /** One element in, a score or prediction out; the reference learns the element too. */
  interface Step {
    double step(double x);
  }

  /** Windowed mean and variance over a ring buffer, z-score, Gaussian two-sided tail. */
  static final class ZScore implements Step {
    private final double[] ring;
    private int next;
    private int size;
    private double sum;
    private double sumSquares;

    ZScore(int window) {
      ring = new double[window];
    }

    @Override
    public double step(double x) {
      double score = 0;
      if (size >= 2) {
        double mean = sum / size;
        double variance = Math.max(0, sumSquares / size - mean * mean);
        double z = Math.abs(x - mean) / Math.sqrt(variance);
        score = 1 - erfc(z / Math.sqrt(2));
      }
      if (size == ring.length) {
        double old = ring[next];
        sum -= old;
        sumSquares -= old * old;
      } else {
        size++;
      }
      ring[next] = x;
      next = (next + 1) % ring.length;
      sum += x;
      sumSquares += x * x;
      return score;
    }
  }

  /** Numerical Recipes' erfc (Chebyshev), relative error below 1.2e-7. */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r =
        t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
            + t * (-0.82215223 + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }

  /**
   * A sorted window kept by binary search and array shifts (insert the new value, remove the one
   * leaving the ring), then order statistics read by index: the work of the robust z-score (median
   * and MAD), IQR (quartiles) and online quantile threshold.
   */
  static final class SortedWindow implements Step {
    private final double[] ring;
    private final double[] sorted;
    private final double[] deviations;
    private final int kind;
    private int next;
    private int size;

    /** kind 0: median and MAD; 1: quartiles; 2: one upper quantile. */
    SortedWindow(int window, int kind) {
      ring = new double[window];
      sorted = new double[window];
      deviations = kind == 0 ? new double[window] : null;
      this.kind = kind;
    }

    @Override
    public double step(double x) {
      double score = 0;
      if (size >= 3) {
        if (kind == 0) {
          double median = sorted[size / 2];
          for (int i = 0; i < size; i++) {
            deviations[i] = Math.abs(sorted[i] - median);
          }
          Arrays.sort(deviations, 0, size);
          double mad = deviations[size / 2];
          score = Math.abs(x - median) / (1.4826 * mad + 1e-12);
        } else if (kind == 1) {
          double q1 = sorted[size / 4];
          double q3 = sorted[3 * size / 4];
          double iqr = q3 - q1;
          score = x > q3 ? (x - q3) / (iqr + 1e-12) : x < q1 ? (q1 - x) / (iqr + 1e-12) : 0;
        } else {
          score = x >= sorted[(int) (0.995 * (size - 1))] ? 1 : 0;
        }
      }
      if (size == ring.length) {
        remove(ring[next]);
      }
      insert(x);
      ring[next] = x;
      next = (next + 1) % ring.length;
      return score;
    }

    private void insert(double x) {
      int at = Arrays.binarySearch(sorted, 0, size, x);
      at = at < 0 ? -at - 1 : at;
      System.arraycopy(sorted, at, sorted, at + 1, size - at);
      sorted[at] = x;
      size++;
    }

    private void remove(double x) {
      int at = Arrays.binarySearch(sorted, 0, size, x);
      System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
      size--;
    }
  }

  /**
   * kNN conformal: lag vector of 19, squared distances to up to 1000 stored vectors, the 27 nearest
   * by insertion, mean distance, its rank among 1000 calibration distances (binary search), then
   * the vector and the distance stored in rings.
   */
  static final class KnnConformal implements Step {
    private static final int LAGS = 19;
    private static final int K = 27;
    private static final int MEMORY = 1000;
    private final double[][] vectors = new double[MEMORY][LAGS];
    private final double[] recent = new double[LAGS];
    private final double[] nearest = new double[K];
    private final double[] v = new double[LAGS];
    private final double[] alphaRing = new double[MEMORY];
    private final double[] alphaSorted = new double[MEMORY];
    private int alphaNext;
    private int alphaSize;
    private int vectorNext;
    private int vectorSize;
    private long count;

    @Override
    public double step(double x) {
      double score = 0;
      if (count >= LAGS - 1) {
        for (int j = 0; j < LAGS - 1; j++) {
          v[j] = recent[(int) ((count - (LAGS - 1) + j) % LAGS)];
        }
        v[LAGS - 1] = x;
        if (vectorSize >= K) {
          Arrays.fill(nearest, Double.POSITIVE_INFINITY);
          for (int i = 0; i < vectorSize; i++) {
            double[] u = vectors[i];
            double d = 0;
            for (int j = 0; j < LAGS; j++) {
              double e = u[j] - v[j];
              d += e * e;
            }
            if (d < nearest[K - 1]) {
              int at = K - 1;
              while (at > 0 && nearest[at - 1] > d) {
                nearest[at] = nearest[at - 1];
                at--;
              }
              nearest[at] = d;
            }
          }
          double alpha = 0;
          for (double d : nearest) {
            alpha += Math.sqrt(d);
          }
          alpha /= K;
          int below = Arrays.binarySearch(alphaSorted, 0, alphaSize, alpha);
          below = below < 0 ? -below - 1 : below;
          score = below / (double) (alphaSize + 1);
          if (alphaSize == MEMORY) {
            int at = Arrays.binarySearch(alphaSorted, 0, alphaSize, alphaRing[alphaNext]);
            System.arraycopy(alphaSorted, at + 1, alphaSorted, at, alphaSize - at - 1);
            alphaSize--;
          }
          int at = Arrays.binarySearch(alphaSorted, 0, alphaSize, alpha);
          at = at < 0 ? -at - 1 : at;
          System.arraycopy(alphaSorted, at, alphaSorted, at + 1, alphaSize - at);
          alphaSorted[at] = alpha;
          alphaSize++;
          alphaRing[alphaNext] = alpha;
          alphaNext = (alphaNext + 1) % MEMORY;
        }
        System.arraycopy(v, 0, vectors[vectorNext], 0, LAGS);
        vectorNext = (vectorNext + 1) % MEMORY;
        vectorSize = Math.min(MEMORY, vectorSize + 1);
      }
      recent[(int) (count % LAGS)] = x;
      count++;
      return score;
    }
  }

  /**
   * Half-space trees: 25 trees of depth 8 with random split values over a work range; per point a
   * root-to-leaf walk per tree, reading the reference mass and counting the latest mass, and every
   * 250 points the latest masses become the reference.
   */
  static final class HalfSpaceTrees implements Step {
    private static final int TREES = 25;
    private static final int DEPTH = 8;
    private static final int NODES = (1 << (DEPTH + 1)) - 1;
    private final double[][] split = new double[TREES][NODES];
    private final int[][] reference = new int[TREES][NODES];
    private final int[][] latest = new int[TREES][NODES];
    private int seen;

    HalfSpaceTrees() {
      java.util.SplittableRandom random = new java.util.SplittableRandom(42);
      for (double[] tree : split) {
        for (int n = 0; n < NODES; n++) {
          tree[n] = 10 + 20 * random.nextDouble();
        }
      }
    }

    @Override
    public double step(double x) {
      double score = 0;
      for (int t = 0; t < TREES; t++) {
        int node = 0;
        for (int d = 0; d < DEPTH; d++) {
          score += reference[t][node] * (double) (1 << d);
          latest[t][node]++;
          node = 2 * node + (x < split[t][node] ? 1 : 2);
        }
      }
      if (++seen % 250 == 0) {
        for (int t = 0; t < TREES; t++) {
          System.arraycopy(latest[t], 0, reference[t], 0, NODES);
          Arrays.fill(latest[t], 0);
        }
      }
      return score;
    }
  }

  /** Page-Hinkley: running mean, cumulative deviation, its minimum and maximum, the test. */
  static final class PageHinkley implements Step {
    private long n;
    private double mean;
    private double up;
    private double down;
    private double minUp;
    private double maxDown;

    @Override
    public double step(double x) {
      n++;
      mean += (x - mean) / n;
      up = 0.9999 * up + (x - mean - 0.005);
      down = 0.9999 * down + (x - mean + 0.005);
      minUp = Math.min(minUp, up);
      maxDown = Math.max(maxDown, down);
      return (up - minUp > 50 || maxDown - down > 50) ? 1 : 0;
    }
  }

  /** DDM: error rate p and its deviation s, the minimum of p + s, warning and drift levels. */
  static final class Ddm implements Step {
    private long n;
    private double p = 1;
    private double minPs = Double.MAX_VALUE;
    private double minP;
    private double minS;

    @Override
    public double step(double x) {
      double error = x > 21 ? 1 : 0;
      n++;
      p += (error - p) / n;
      double s = Math.sqrt(p * (1 - p) / n);
      if (n >= 30 && p + s < minPs) {
        minPs = p + s;
        minP = p;
        minS = s;
      }
      return p + s > minP + 3 * minS ? 2 : p + s > minP + 2 * minS ? 1 : 0;
    }
  }

  /**
   * ADWIN's exponential histogram: buckets of 2^i elements (at most 5 per size, merged when over),
   * and every 32 elements a scan over every cut between buckets testing the two sub-window means
   * against the Hoeffding-style bound.
   */
  static final class Adwin implements Step {
    private static final int ROWS = 32;
    private static final int MAX = 5;
    private final double[][] sums = new double[ROWS][MAX + 1];
    private final int[] counts = new int[ROWS];
    private long width;
    private double total;
    private long seen;

    @Override
    public double step(double x) {
      sums[0][counts[0]++] = x;
      width++;
      total += x;
      for (int row = 0; row < ROWS - 1 && counts[row] > MAX; row++) {
        double merged = sums[row][0] + sums[row][1];
        System.arraycopy(sums[row], 2, sums[row], 0, counts[row] - 2);
        counts[row] -= 2;
        sums[row + 1][counts[row + 1]++] = merged;
      }
      if (++seen % 32 != 0) {
        return 0;
      }
      double headSum = 0;
      long headWidth = 0;
      for (int row = ROWS - 1; row >= 0; row--) {
        for (int b = 0; b < counts[row]; b++) {
          headSum += sums[row][b];
          headWidth += 1L << row;
          long tailWidth = width - headWidth;
          if (headWidth < 5 || tailWidth < 5) {
            continue;
          }
          double m = 1.0 / (1.0 / headWidth + 1.0 / tailWidth);
          double bound = Math.sqrt(2 * m * Math.log(2 * Math.log(width) / 0.002)) / m;
          if (Math.abs(headSum / headWidth - (total - headSum) / tailWidth) > bound) {
            return 1;
          }
        }
      }
      return 0;
    }
  }

  /** A KLL-like sketch's cheap path and Welford moments: what a features window does per value. */
  static final class Moments implements Step {
    private final double[] buffer = new double[200];
    private int used;
    private long count;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    @Override
    public double step(double x) {
      count++;
      double delta = x - mean;
      mean += delta / count;
      m2 += delta * (x - mean);
      min = Math.min(min, x);
      max = Math.max(max, x);
      buffer[used++] = x;
      if (used == buffer.length) {
        // KLL compacts a full level: sort it and keep every other value.
        Arrays.sort(buffer);
        for (int i = 0; i < buffer.length / 2; i++) {
          buffer[i] = buffer[2 * i];
        }
        used = buffer.length / 2;
      }
      return mean;
    }
  }
}
