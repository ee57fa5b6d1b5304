package dev.streamml.online;

import java.io.Serializable;

/**
 * Settings of {@link OnlineHoeffdingTree}, {@link OnlineAdaptiveHoeffdingTree} and the trees of
 * {@link OnlineLeveragingBagging}. Immutable: each {@code withX} returns a copy. Defaults are
 * MOA's ({@code HoeffdingTree} 2024.07): grace period 200, split confidence 1e-7, tie threshold
 * 0.05, 10 split points per numeric attribute, minimum branch fraction 0.01, naive-Bayes-adaptive
 * leaves; plus a node budget of {@link #DEFAULT_MAX_NODES}.
 *
 * <pre>{@code
 * HoeffdingTreeParams params = HoeffdingTreeParams.defaults().withGracePeriod(100).withMaxNodes(2_001);
 * }</pre>
 */
public final class HoeffdingTreeParams implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How a leaf predicts. */
  public enum LeafPrediction {
    /** The leaf's class distribution. */
    MAJORITY_CLASS,
    /** Naive Bayes over the leaf's per-class Gaussian estimators. */
    NAIVE_BAYES,
    /**
     * Naive Bayes while it has been right at least as often as the majority class on the rows
     * this leaf learned (counted before each row is learned), else the majority class (MOA's
     * {@code NBAdaptive}).
     */
    NAIVE_BAYES_ADAPTIVE
  }

  public static final int DEFAULT_NUM_CLASSES = 2;
  public static final int DEFAULT_GRACE_PERIOD = 200;
  public static final double DEFAULT_SPLIT_CONFIDENCE = 1e-7;
  public static final double DEFAULT_TIE_THRESHOLD = 0.05;
  public static final int DEFAULT_NUM_SPLIT_POINTS = 10;
  public static final double DEFAULT_MIN_BRANCH_FRACTION = 0.01;
  public static final int DEFAULT_MAX_NODES = 10_001;
  public static final double DEFAULT_ADWIN_DELTA = AdwinEstimator.DEFAULT_DELTA;

  final int numClasses;
  final int gracePeriod;
  final double splitConfidence;
  final double tieThreshold;
  final int numSplitPoints;
  final double minBranchFraction;
  final int maxNodes;
  final LeafPrediction leafPrediction;
  final double adwinDelta;

  private HoeffdingTreeParams(
      int numClasses, int gracePeriod, double splitConfidence, double tieThreshold,
      int numSplitPoints, double minBranchFraction, int maxNodes, LeafPrediction leafPrediction,
      double adwinDelta) {
    this.numClasses = numClasses;
    this.gracePeriod = gracePeriod;
    this.splitConfidence = splitConfidence;
    this.tieThreshold = tieThreshold;
    this.numSplitPoints = numSplitPoints;
    this.minBranchFraction = minBranchFraction;
    this.maxNodes = maxNodes;
    this.leafPrediction = leafPrediction;
    this.adwinDelta = adwinDelta;
  }

  public static HoeffdingTreeParams defaults() {
    return new HoeffdingTreeParams(
        DEFAULT_NUM_CLASSES, DEFAULT_GRACE_PERIOD, DEFAULT_SPLIT_CONFIDENCE, DEFAULT_TIE_THRESHOLD,
        DEFAULT_NUM_SPLIT_POINTS, DEFAULT_MIN_BRANCH_FRACTION, DEFAULT_MAX_NODES,
        LeafPrediction.NAIVE_BAYES_ADAPTIVE, DEFAULT_ADWIN_DELTA);
  }

  /** Number of classes; labels are 0 to {@code numClasses - 1}. */
  public HoeffdingTreeParams withNumClasses(int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses should be at least 2, was " + numClasses);
    }
    return new HoeffdingTreeParams(numClasses, gracePeriod, splitConfidence, tieThreshold,
        numSplitPoints, minBranchFraction, maxNodes, leafPrediction, adwinDelta);
  }

  /** Weight a leaf learns between split attempts. */
  public HoeffdingTreeParams withGracePeriod(int gracePeriod) {
    if (gracePeriod < 1) {
      throw new IllegalArgumentException("grace period should be at least 1, was " + gracePeriod);
    }
    return new HoeffdingTreeParams(numClasses, gracePeriod, splitConfidence, tieThreshold,
        numSplitPoints, minBranchFraction, maxNodes, leafPrediction, adwinDelta);
  }

  /** The delta of the Hoeffding bound: the allowed probability of choosing the wrong split. */
  public HoeffdingTreeParams withSplitConfidence(double delta) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("split confidence should be in (0, 1), was " + delta);
    }
    return new HoeffdingTreeParams(numClasses, gracePeriod, delta, tieThreshold,
        numSplitPoints, minBranchFraction, maxNodes, leafPrediction, adwinDelta);
  }

  /** Split anyway once the Hoeffding bound falls below this (near-ties). */
  public HoeffdingTreeParams withTieThreshold(double tau) {
    if (!(tau >= 0)) {
      throw new IllegalArgumentException("tie threshold should be non-negative, was " + tau);
    }
    return new HoeffdingTreeParams(numClasses, gracePeriod, splitConfidence, tau,
        numSplitPoints, minBranchFraction, maxNodes, leafPrediction, adwinDelta);
  }

  /** Candidate thresholds per numeric attribute, evenly spaced between its min and max. */
  public HoeffdingTreeParams withNumSplitPoints(int points) {
    if (points < 1) {
      throw new IllegalArgumentException("number of split points should be at least 1, was " + points);
    }
    return new HoeffdingTreeParams(numClasses, gracePeriod, splitConfidence, tieThreshold,
        points, minBranchFraction, maxNodes, leafPrediction, adwinDelta);
  }

  /**
   * Node budget (split nodes, leaves and alternate-tree nodes): memory is bounded by it times the
   * size of a leaf (attributes x classes x 5 doubles). A leaf whose split would exceed it stays a
   * leaf; at least 3, so that the root can split once.
   */
  public HoeffdingTreeParams withMaxNodes(int maxNodes) {
    if (maxNodes < 3) {
      throw new IllegalArgumentException("max nodes should be at least 3, was " + maxNodes);
    }
    return new HoeffdingTreeParams(numClasses, gracePeriod, splitConfidence, tieThreshold,
        numSplitPoints, minBranchFraction, maxNodes, leafPrediction, adwinDelta);
  }

  public HoeffdingTreeParams withLeafPrediction(LeafPrediction leafPrediction) {
    if (leafPrediction == null) {
      throw new IllegalArgumentException("leaf prediction should be set");
    }
    return new HoeffdingTreeParams(numClasses, gracePeriod, splitConfidence, tieThreshold,
        numSplitPoints, minBranchFraction, maxNodes, leafPrediction, adwinDelta);
  }

  /** Confidence of the ADWIN error monitors of adaptive trees. */
  public HoeffdingTreeParams withAdwinDelta(double delta) {
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("ADWIN delta should be in (0, 1), was " + delta);
    }
    return new HoeffdingTreeParams(numClasses, gracePeriod, splitConfidence, tieThreshold,
        numSplitPoints, minBranchFraction, maxNodes, leafPrediction, delta);
  }

  public int numClasses() {
    return numClasses;
  }

  public int gracePeriod() {
    return gracePeriod;
  }

  public int maxNodes() {
    return maxNodes;
  }

  /**
   * The Hoeffding bound {@code sqrt(R^2 ln(1/delta) / (2 n))}: with probability {@code 1 - delta}
   * the true mean of a variable of range R is within it of the mean of n observations.
   */
  public static double hoeffdingBound(double range, double delta, double n) {
    return Math.sqrt(range * range * Math.log(1.0 / delta) / (2.0 * n));
  }

  /** As an array, in the order of the fields (the {@code settings} of tree snapshots). */
  double[] toArray() {
    return new double[] {
      numClasses, gracePeriod, splitConfidence, tieThreshold, numSplitPoints, minBranchFraction,
      maxNodes, leafPrediction.ordinal(), adwinDelta
    };
  }

  static HoeffdingTreeParams fromArray(double[] a) {
    if (a.length != 9) {
      throw new IllegalArgumentException("tree settings should hold 9 values, hold " + a.length);
    }
    return new HoeffdingTreeParams((int) a[0], (int) a[1], a[2], a[3], (int) a[4], a[5],
        (int) a[6], LeafPrediction.values()[(int) a[7]], a[8]);
  }

  @Override
  public String toString() {
    return "HoeffdingTreeParams{classes=" + numClasses + ", grace=" + gracePeriod
        + ", delta=" + splitConfidence + ", tau=" + tieThreshold + ", splitPoints=" + numSplitPoints
        + ", minBranchFraction=" + minBranchFraction + ", maxNodes=" + maxNodes
        + ", leaves=" + leafPrediction + ", adwinDelta=" + adwinDelta + "}";
  }
}
