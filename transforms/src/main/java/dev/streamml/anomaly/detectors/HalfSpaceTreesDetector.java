package dev.streamml.anomaly.detectors;

import dev.streamml.anomaly.AnomalyDetector;
import java.util.Random;

/**
 * Streaming Half-Space Trees (Tan, Ting and Liu, "Fast Anomaly Detection for Streaming Data",
 * IJCAI 2011): an ensemble of random binary trees that split the feature space in halves, each node
 * counting the points that reached it. Points in sparse regions of the last full window score high.
 *
 * <p>Each tree is built once, from a fixed seed, over a random work space that covers the unit cube
 * ({@code [s - 2 max(s, 1 - s), s + 2 max(s, 1 - s)]} per feature, {@code s} uniform in [0, 1]); a
 * node splits a randomly chosen feature at the middle of its range, down to depth {@code h}. Nodes
 * keep two masses: the <em>latest</em> window being filled by {@link #learn} and the
 * <em>reference</em> window, the last complete one, that {@link #score} reads. When the latest
 * window holds {@code windowSize} points it becomes the reference and a new one starts, so the
 * model follows drift with a lag of one or two windows. Memory is fixed: {@code trees (2^(h+1) -
 * 1)} nodes of an int, a double and two longs.
 *
 * <p>The trees expect features in [0, 1]. Each feature is scaled online by the smallest and
 * largest value learned so far (values past that range fall outside [0, 1], which the work space
 * still covers); a feature whose range is still 0 scales to 0.5. Because the range only widens,
 * the scaling changes mostly early on; the detector is warm once the first window is complete, and
 * scores 0 before.
 *
 * <p>The score of a point is the mass score of the paper, {@code s = sum over trees of
 * reference mass * 2^depth} at the node where the point stops (depth {@code h}, or a node with
 * reference mass at most {@code 0.1 windowSize}), mapped to [0, 1] by {@code 1 - log(1 + s / trees)
 * / log(1 + windowSize 2^h)}: 1 for a point in a region no reference point reached, near 0 for
 * the densest region. A lower mass means more anomalous, so the score is monotone in the paper's.
 *
 * <pre>{@code
 * AnomalyDetector detector = HalfSpaceTreesDetector.create().withWindowSize(500).withSeed(7);
 * double score = detector.score(new double[] {cpu, memory, latency});
 * detector.learn(new double[] {cpu, memory, latency});
 * }</pre>
 */
public final class HalfSpaceTreesDetector implements AnomalyDetector {

  private static final long serialVersionUID = 1L;

  public static final int DEFAULT_TREES = 25;
  public static final int DEFAULT_DEPTH = 8;
  public static final int DEFAULT_WINDOW_SIZE = 250;
  public static final long DEFAULT_SEED = 42L;

  /** Nodes whose reference mass is at most this fraction of the window end a path early. */
  public static final double SIZE_LIMIT_FRACTION = 0.1;

  private static final int MAX_DEPTH = 16;

  private final int trees;
  private final int depth;
  private final int windowSize;
  private final long seed;

  // Model, allocated at the first learned point when the number of features is known.
  private long count;
  private int dimension;
  private double[] min;
  private double[] max;
  private int[][] splitFeature;
  private double[][] splitValue;
  private long[][] referenceMass;
  private long[][] latestMass;
  private int inLatest;
  private boolean hasReference;

  private HalfSpaceTreesDetector(int trees, int depth, int windowSize, long seed) {
    this.trees = trees;
    this.depth = depth;
    this.windowSize = windowSize;
    this.seed = seed;
  }

  /** A detector with the defaults: 25 trees of depth 8, windows of 250 points, seed 42. */
  public static HalfSpaceTreesDetector create() {
    return new HalfSpaceTreesDetector(DEFAULT_TREES, DEFAULT_DEPTH, DEFAULT_WINDOW_SIZE, DEFAULT_SEED);
  }

  /** A new, untrained detector with {@code trees} trees (at least 1). */
  public HalfSpaceTreesDetector withTrees(int trees) {
    Points.checkAtLeast("trees", trees, 1);
    return new HalfSpaceTreesDetector(trees, depth, windowSize, seed);
  }

  /** A new, untrained detector whose trees have depth {@code depth}, from 1 to 16. */
  public HalfSpaceTreesDetector withDepth(int depth) {
    Points.checkAtLeast("depth", depth, 1);
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "depth should be at most " + MAX_DEPTH + " (memory doubles per level), got " + depth);
    }
    return new HalfSpaceTreesDetector(trees, depth, windowSize, seed);
  }

  /** A new, untrained detector whose reference and latest windows hold {@code windowSize} points. */
  public HalfSpaceTreesDetector withWindowSize(int windowSize) {
    Points.checkAtLeast("windowSize", windowSize, 10);
    return new HalfSpaceTreesDetector(trees, depth, windowSize, seed);
  }

  /** A new, untrained detector whose trees come from {@code seed}. */
  public HalfSpaceTreesDetector withSeed(long seed) {
    return new HalfSpaceTreesDetector(trees, depth, windowSize, seed);
  }

  @Override
  public String id() {
    return "half-space-trees";
  }

  @Override
  public boolean isWarm() {
    return hasReference;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public double score(double[] point) {
    Points.checkDimension(point, dimension);
    if (!hasReference) {
      return 0.0;
    }
    double[] x = scaled(point);
    double limit = SIZE_LIMIT_FRACTION * windowSize;
    double mass = 0.0;
    for (int t = 0; t < trees; t++) {
      int node = 0;
      int level = 0;
      while (level < depth && referenceMass[t][node] > limit) {
        node = child(t, node, x);
        level++;
      }
      mass += referenceMass[t][node] * Math.pow(2.0, level);
    }
    double score = 1.0 - Math.log1p(mass / trees) / Math.log1p(windowSize * Math.pow(2.0, depth));
    return Math.max(0.0, Math.min(1.0, score));
  }

  @Override
  public void learn(double[] point) {
    Points.checkDimension(point, dimension);
    if (dimension == 0) {
      build(point.length);
    }
    for (int f = 0; f < dimension; f++) {
      if (Double.isFinite(point[f])) {
        min[f] = Math.min(min[f], point[f]);
        max[f] = Math.max(max[f], point[f]);
      }
    }
    double[] x = scaled(point);
    for (int t = 0; t < trees; t++) {
      int node = 0;
      latestMass[t][node]++;
      for (int level = 0; level < depth; level++) {
        node = child(t, node, x);
        latestMass[t][node]++;
      }
    }
    count++;
    if (++inLatest == windowSize) {
      for (int t = 0; t < trees; t++) {
        long[] swap = referenceMass[t];
        referenceMass[t] = latestMass[t];
        latestMass[t] = swap;
        java.util.Arrays.fill(latestMass[t], 0L);
      }
      inLatest = 0;
      hasReference = true;
    }
  }

  private int child(int tree, int node, double[] x) {
    return x[splitFeature[tree][node]] < splitValue[tree][node] ? 2 * node + 1 : 2 * node + 2;
  }

  private double[] scaled(double[] point) {
    double[] x = new double[dimension];
    for (int f = 0; f < dimension; f++) {
      double range = max[f] - min[f];
      if (!Double.isFinite(point[f])) {
        x[f] = 0.5;
      } else {
        x[f] = range > 0 ? (point[f] - min[f]) / range : 0.5;
      }
    }
    return x;
  }

  private void build(int d) {
    dimension = d;
    min = new double[d];
    max = new double[d];
    java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
    java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    int nodes = (1 << (depth + 1)) - 1;
    splitFeature = new int[trees][nodes];
    splitValue = new double[trees][nodes];
    referenceMass = new long[trees][nodes];
    latestMass = new long[trees][nodes];
    Random random = new Random(seed);
    for (int t = 0; t < trees; t++) {
      double[] low = new double[d];
      double[] high = new double[d];
      for (int f = 0; f < d; f++) {
        double s = random.nextDouble();
        double half = 2.0 * Math.max(s, 1.0 - s);
        low[f] = s - half;
        high[f] = s + half;
      }
      split(t, 0, 0, low, high, random);
    }
  }

  private void split(int tree, int node, int level, double[] low, double[] high, Random random) {
    if (level == depth) {
      return;
    }
    int f = random.nextInt(dimension);
    double middle = (low[f] + high[f]) / 2.0;
    splitFeature[tree][node] = f;
    splitValue[tree][node] = middle;
    double saved = high[f];
    high[f] = middle;
    split(tree, 2 * node + 1, level + 1, low, high, random);
    high[f] = saved;
    saved = low[f];
    low[f] = middle;
    split(tree, 2 * node + 2, level + 1, low, high, random);
    low[f] = saved;
  }

  @Override
  public HalfSpaceTreesDetector copy() {
    HalfSpaceTreesDetector copy = new HalfSpaceTreesDetector(trees, depth, windowSize, seed);
    copy.count = count;
    copy.dimension = dimension;
    copy.inLatest = inLatest;
    copy.hasReference = hasReference;
    if (dimension > 0) {
      copy.min = min.clone();
      copy.max = max.clone();
      copy.splitFeature = deepCopy(splitFeature);
      copy.splitValue = new double[trees][];
      copy.referenceMass = new long[trees][];
      copy.latestMass = new long[trees][];
      for (int t = 0; t < trees; t++) {
        copy.splitValue[t] = splitValue[t].clone();
        copy.referenceMass[t] = referenceMass[t].clone();
        copy.latestMass[t] = latestMass[t].clone();
      }
    }
    return copy;
  }

  private static int[][] deepCopy(int[][] a) {
    int[][] copy = new int[a.length][];
    for (int i = 0; i < a.length; i++) {
      copy[i] = a[i].clone();
    }
    return copy;
  }

  @Override
  public String toString() {
    return "HalfSpaceTreesDetector{trees="
        + trees
        + ", depth="
        + depth
        + ", windowSize="
        + windowSize
        + ", seed="
        + seed
        + "}";
  }
}
