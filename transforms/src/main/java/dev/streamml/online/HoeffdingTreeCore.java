package dev.streamml.online;

import java.io.Serializable;

/**
 * The tree shared by {@link OnlineHoeffdingTree} (VFDT, Domingos and Hulten 2000, as MOA's {@code
 * HoeffdingTree}) and {@link OnlineAdaptiveHoeffdingTree} (HAT-ADWIN, Bifet and Gavaldà 2009, as
 * MOA's {@code HoeffdingAdaptiveTree}), with weighted rows for ensembles.
 *
 * <p>A leaf keeps its class weights and, per attribute and class, a {@link GaussianEstimator}.
 * Every {@code gracePeriod} of weight it tries a split: per attribute, {@code numSplitPoints}
 * thresholds evenly spaced strictly between the attribute's min and max in the leaf; the weight of
 * a class at or below a threshold is its estimator's normal cdf there (exact outside its min and
 * max). Merit is information gain in bits against the leaf's class weights, minus infinity unless
 * two branches each hold more than {@code minBranchFraction} of the weight. With the not-splitting
 * option at merit 0 among the candidates, the leaf splits on the best when best minus second best
 * exceeds the Hoeffding bound ({@code R = log2(numClasses)}, n = the leaf's weight) or the bound is
 * below the tie threshold; if not-splitting wins that way the leaf is deactivated (it keeps
 * predicting its majority class and stops collecting statistics), as in MOA. New leaves start
 * with the class weights of their side of the split. Rows with {@code x[attribute] <= threshold}
 * go left.
 *
 * <p>Adaptive trees also keep an ADWIN error monitor per node, fed 1 when the leaf the row reaches
 * from that node mispredicts it (before learning). When a split node's monitor detects an
 * increase of error, the node starts an alternate subtree (a new leaf) that learns the same rows.
 * Once both monitors hold more than 300 rows, the alternate replaces the node when its error is
 * lower by more than {@code sqrt(2 e (1 - e) ln(2 / 0.05) (1/n_alt + 1/n))} (e: the node's
 * error), or is dropped when worse by that much. Unlike MOA, leaves are not re-weighted by
 * Poisson(1) draws, so the tree stays deterministic without a generator.
 *
 * <p>Flat layout ({@code tree} parameter of snapshots): number of features (-1 before the first
 * row), node count, then the root in preorder. A node: kind (0 leaf, 1 split), class weights
 * (length, values); a split: attribute, threshold, left node, right node; a leaf: active flag,
 * majority-correct weight, naive-Bayes-correct weight, weight at last split attempt, then 1 and
 * per attribute per class 5 values (weight, mean, variance sum, min, max), or 0 when it has no
 * estimators. Adaptive trees add to every node: 1 and the ADWIN state or 0, then 1 and the
 * alternate node or 0. ADWIN state: delta, time, width, total, variance, number of rows, and per
 * row its bucket count and (total, variance) per bucket.
 */
final class HoeffdingTreeCore implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final double REPLACE_DELTA = 0.05;
  private static final int REPLACE_MIN_WIDTH = 300;

  static final class Node implements Serializable {
    private static final long serialVersionUID = 1L;
    int attribute = -1; // -1 for a leaf
    double threshold;
    Node left;
    Node right;
    double[] classWeights;
    GaussianEstimator[][] estimators; // [attribute][class], leaves only, null until a row arrives
    boolean active = true;
    double majorityCorrect;
    double bayesCorrect;
    double weightAtLastAttempt;
    AdwinEstimator errors; // adaptive trees only
    Node alternate; // adaptive trees only

    boolean isLeaf() {
      return attribute < 0;
    }

    double weight() {
      double s = 0;
      for (double w : classWeights) {
        s += w;
      }
      return s;
    }
  }

  final HoeffdingTreeParams params;
  final boolean adaptive;
  Node root;
  int numFeatures = -1;
  int nodeCount;

  HoeffdingTreeCore(HoeffdingTreeParams params, boolean adaptive) {
    this.params = params;
    this.adaptive = adaptive;
    this.root = newLeaf(new double[params.numClasses]);
    this.nodeCount = 1;
  }

  private Node newLeaf(double[] classWeights) {
    Node leaf = new Node();
    leaf.classWeights = classWeights;
    leaf.weightAtLastAttempt = leaf.weight();
    return leaf;
  }

  void checkFeatures(double[] features) {
    numFeatures = Rows.checkWidth(numFeatures, features);
  }

  // ---- prediction -------------------------------------------------------------------------

  static Node leafOf(Node node, double[] x) {
    while (!node.isLeaf()) {
      node = x[node.attribute] <= node.threshold ? node.left : node.right;
    }
    return node;
  }

  double[] predictProba(double[] x) {
    Rows.checkWidth(numFeatures, x);
    return leafVotes(leafOf(root, x), x);
  }

  private double[] leafVotes(Node leaf, double[] x) {
    boolean bayes;
    switch (params.leafPrediction) {
      case MAJORITY_CLASS:
        bayes = false;
        break;
      case NAIVE_BAYES:
        bayes = true;
        break;
      default:
        bayes = !(leaf.majorityCorrect > leaf.bayesCorrect);
    }
    if (bayes && leaf.active && leaf.estimators != null) {
      return Rows.softmax(bayesLogVotes(leaf, x));
    }
    return Rows.normalize(leaf.classWeights);
  }

  private double[] bayesLogVotes(Node leaf, double[] x) {
    double total = leaf.weight();
    double[] logs = new double[params.numClasses];
    for (int c = 0; c < logs.length; c++) {
      if (leaf.classWeights[c] <= 0) {
        logs[c] = Double.NEGATIVE_INFINITY;
        continue;
      }
      double l = Math.log(leaf.classWeights[c] / total);
      if (leaf.estimators != null) {
        for (int j = 0; j < x.length; j++) {
          GaussianEstimator e = leaf.estimators[j][c];
          l += e.weight > 0 ? e.logDensity(x[j]) : Double.NEGATIVE_INFINITY;
        }
      }
      logs[c] = l;
    }
    return logs;
  }

  private int predictedClass(Node leaf, double[] x) {
    return Rows.argMax(leafVotes(leaf, x));
  }

  // ---- learning ---------------------------------------------------------------------------

  void learn(double[] x, int label, double weight) {
    checkFeatures(x);
    if (adaptive) {
      learnAdaptive(root, null, false, x, label, weight);
    } else {
      learnLeaf(leafOf(root, x), x, label, weight);
    }
  }

  private void learnLeaf(Node leaf, double[] x, int label, double weight) {
    if (!leaf.active) {
      leaf.classWeights[label] += weight;
      return;
    }
    if (params.leafPrediction == HoeffdingTreeParams.LeafPrediction.NAIVE_BAYES_ADAPTIVE) {
      if (Rows.argMax(leaf.classWeights) == label) {
        leaf.majorityCorrect += weight;
      }
      if (leaf.estimators != null && Rows.argMax(bayesLogVotes(leaf, x)) == label) {
        leaf.bayesCorrect += weight;
      } else if (leaf.estimators == null && Rows.argMax(leaf.classWeights) == label) {
        leaf.bayesCorrect += weight; // without estimators naive Bayes is the class prior
      }
    }
    if (leaf.estimators == null) {
      leaf.estimators = new GaussianEstimator[x.length][params.numClasses];
      for (GaussianEstimator[] perClass : leaf.estimators) {
        for (int c = 0; c < perClass.length; c++) {
          perClass[c] = new GaussianEstimator();
        }
      }
    }
    leaf.classWeights[label] += weight;
    for (int j = 0; j < x.length; j++) {
      leaf.estimators[j][label].add(x[j], weight);
    }
    double seen = leaf.weight();
    if (seen - leaf.weightAtLastAttempt >= params.gracePeriod) {
      attemptSplit(leaf);
      leaf.weightAtLastAttempt = seen;
    }
  }

  /** Learns at {@code node}, whose parent holds it on the left if {@code isLeft}. */
  private void learnAdaptive(Node node, Node parent, boolean isLeft, double[] x, int label, double w) {
    boolean wrong = predictedClass(leafOf(node, x), x) != label;
    if (node.errors == null) {
      node.errors = new AdwinEstimator(params.adwinDelta);
    }
    double before = node.errors.estimation();
    boolean increase = node.errors.add(wrong ? 1.0 : 0.0) && !(before > node.errors.estimation());
    if (node.isLeaf()) {
      learnLeaf(node, x, label, w);
      return;
    }
    if (increase) {
      if (node.alternate == null && nodeCount + 1 <= params.maxNodes) {
        node.alternate = newLeaf(new double[params.numClasses]);
        nodeCount++;
      } else if (node.alternate != null) {
        node.alternate = newLeaf(new double[params.numClasses]);
        nodeCount = countNodes(root);
      }
    } else if (node.alternate != null
        && node.alternate.errors != null
        && node.errors.width() > REPLACE_MIN_WIDTH
        && node.alternate.errors.width() > REPLACE_MIN_WIDTH) {
      double oldError = node.errors.estimation();
      double altError = node.alternate.errors.estimation();
      double fN = 1.0 / node.alternate.errors.width() + 1.0 / node.errors.width();
      double bound =
          Math.sqrt(2.0 * oldError * (1.0 - oldError) * Math.log(2.0 / REPLACE_DELTA) * fN);
      if (bound < oldError - altError) {
        Node replacement = node.alternate;
        if (parent == null) {
          root = replacement;
        } else if (isLeft) {
          parent.left = replacement;
        } else {
          parent.right = replacement;
        }
        nodeCount = countNodes(root);
        learnAdaptive(replacement, parent, isLeft, x, label, w);
        return;
      } else if (bound < altError - oldError) {
        node.alternate = null;
        nodeCount = countNodes(root);
      }
    }
    if (node.alternate != null) {
      learnAdaptiveAlternate(node, x, label, w);
    }
    boolean goLeft = x[node.attribute] <= node.threshold;
    learnAdaptive(goLeft ? node.left : node.right, node, goLeft, x, label, w);
  }

  /** The alternate learns as the root of its own tree: a holder node stands in as its parent. */
  private void learnAdaptiveAlternate(Node owner, double[] x, int label, double w) {
    Node holder = new Node();
    holder.left = owner.alternate;
    learnAdaptive(owner.alternate, holder, true, x, label, w);
    owner.alternate = holder.left;
  }

  private void attemptSplit(Node leaf) {
    int nonZero = 0;
    for (double cw : leaf.classWeights) {
      if (cw > 0) {
        nonZero++;
      }
    }
    if (nonZero < 2 || nodeCount + 2 > params.maxNodes) {
      return;
    }
    double[] pre = leaf.classWeights;
    double bestMerit = 0.0; // the not-splitting option
    double secondMerit = Double.NEGATIVE_INFINITY;
    int bestAttribute = -1;
    double bestThreshold = 0;
    double[][] bestPost = null;
    int candidates = 1;
    for (int j = 0; j < leaf.estimators.length; j++) {
      GaussianEstimator[] perClass = leaf.estimators[j];
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (GaussianEstimator e : perClass) {
        if (e.weight > 0) {
          min = Math.min(min, e.min);
          max = Math.max(max, e.max);
        }
      }
      if (!(max > min)) {
        continue;
      }
      double attrMerit = Double.NEGATIVE_INFINITY;
      double attrThreshold = 0;
      double[][] attrPost = null;
      for (int b = 1; b <= params.numSplitPoints; b++) {
        double v = min + (max - min) / (params.numSplitPoints + 1) * b;
        double[][] post = new double[2][params.numClasses];
        for (int c = 0; c < perClass.length; c++) {
          double below = perClass[c].weightAtOrBelow(v);
          post[0][c] = below;
          post[1][c] = perClass[c].weight - below;
        }
        double merit = infoGain(pre, post, params.minBranchFraction);
        if (merit > attrMerit || attrPost == null) {
          attrMerit = merit;
          attrThreshold = v;
          attrPost = post;
        }
      }
      candidates++;
      // keep the best and the second best over attributes and the not-splitting option
      if (attrMerit > bestMerit) {
        secondMerit = bestMerit;
        bestMerit = attrMerit;
        bestAttribute = j;
        bestThreshold = attrThreshold;
        bestPost = attrPost;
      } else if (attrMerit > secondMerit) {
        secondMerit = attrMerit;
      }
    }
    double range = Math.log(Math.max(params.numClasses, 2)) / Math.log(2);
    double bound = HoeffdingTreeParams.hoeffdingBound(range, params.splitConfidence, leaf.weight());
    boolean decide =
        candidates < 2 || bestMerit - secondMerit > bound || bound < params.tieThreshold;
    if (!decide) {
      return;
    }
    if (bestAttribute < 0) {
      leaf.active = false; // not splitting wins: pre-prune, as MOA does
      leaf.estimators = null;
      return;
    }
    leaf.attribute = bestAttribute;
    leaf.threshold = bestThreshold;
    leaf.left = newLeaf(bestPost[0]);
    leaf.right = newLeaf(bestPost[1]);
    leaf.estimators = null;
    nodeCount += 2;
  }

  /** Information gain in bits; minus infinity unless two branches hold over minFraction. */
  static double infoGain(double[] pre, double[][] post, double minFraction) {
    double total = 0;
    double[] branchWeights = new double[post.length];
    for (int b = 0; b < post.length; b++) {
      for (double w : post[b]) {
        branchWeights[b] += w;
      }
      total += branchWeights[b];
    }
    int large = 0;
    for (double bw : branchWeights) {
      if (total > 0 && bw / total > minFraction) {
        large++;
      }
    }
    if (large < 2) {
      return Double.NEGATIVE_INFINITY;
    }
    double after = 0;
    for (int b = 0; b < post.length; b++) {
      after += branchWeights[b] / total * entropy(post[b]);
    }
    return entropy(pre) - after;
  }

  /** Entropy in bits of a weight vector. */
  static double entropy(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    if (total <= 0) {
      return 0;
    }
    double h = 0;
    for (double w : weights) {
      if (w > 0) {
        double p = w / total;
        h -= p * Math.log(p) / Math.log(2);
      }
    }
    return h;
  }

  static int countNodes(Node node) {
    if (node == null) {
      return 0;
    }
    return 1 + countNodes(node.left) + countNodes(node.right) + countNodes(node.alternate);
  }

  int depth() {
    return depth(root);
  }

  private static int depth(Node node) {
    return node.isLeaf() ? 0 : 1 + Math.max(depth(node.left), depth(node.right));
  }

  // ---- state ------------------------------------------------------------------------------

  double[] toArray() {
    FlatState.Writer out = new FlatState.Writer();
    out.add(numFeatures).add(nodeCount);
    write(root, out);
    return out.toArray();
  }

  private void write(Node node, FlatState.Writer out) {
    out.add(node.isLeaf() ? 0 : 1).addArray(node.classWeights);
    if (!node.isLeaf()) {
      out.add(node.attribute).add(node.threshold);
      write(node.left, out);
      write(node.right, out);
    } else {
      out.add(node.active).add(node.majorityCorrect).add(node.bayesCorrect)
          .add(node.weightAtLastAttempt).add(node.estimators != null);
      if (node.estimators != null) {
        for (GaussianEstimator[] perClass : node.estimators) {
          for (GaussianEstimator e : perClass) {
            e.write(out);
          }
        }
      }
    }
    if (adaptive) {
      out.add(node.errors != null);
      if (node.errors != null) {
        node.errors.write(out);
      }
      out.add(node.alternate != null);
      if (node.alternate != null) {
        write(node.alternate, out);
      }
    }
  }

  static HoeffdingTreeCore fromArray(HoeffdingTreeParams params, boolean adaptive, double[] state) {
    HoeffdingTreeCore core = new HoeffdingTreeCore(params, adaptive);
    FlatState.Reader in = new FlatState.Reader(state);
    core.numFeatures = in.nextInt();
    core.nodeCount = in.nextInt();
    core.root = core.read(in);
    in.expectEnd();
    return core;
  }

  private Node read(FlatState.Reader in) {
    Node node = new Node();
    boolean split = in.nextInt() == 1;
    node.classWeights = in.nextArray();
    if (split) {
      node.attribute = in.nextInt();
      node.threshold = in.next();
      node.left = read(in);
      node.right = read(in);
    } else {
      node.active = in.nextBool();
      node.majorityCorrect = in.next();
      node.bayesCorrect = in.next();
      node.weightAtLastAttempt = in.next();
      if (in.nextBool()) {
        node.estimators = new GaussianEstimator[numFeatures][params.numClasses];
        for (GaussianEstimator[] perClass : node.estimators) {
          for (int c = 0; c < perClass.length; c++) {
            perClass[c] = GaussianEstimator.read(in);
          }
        }
      }
    }
    if (adaptive) {
      if (in.nextBool()) {
        node.errors = AdwinEstimator.read(in);
      }
      if (in.nextBool()) {
        node.alternate = read(in);
      }
    }
    return node;
  }

  HoeffdingTreeCore copy() {
    return fromArray(params, adaptive, toArray());
  }
}
