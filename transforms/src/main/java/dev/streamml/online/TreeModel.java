package dev.streamml.online;

import java.util.Map;
import java.util.TreeMap;

/** What the two Hoeffding tree models share: a {@link HoeffdingTreeCore} and a version. */
abstract class TreeModel implements OnlineModel {
  private static final long serialVersionUID = 1L;

  HoeffdingTreeCore core;
  long version;

  TreeModel(HoeffdingTreeCore core) {
    this.core = core;
  }

  public HoeffdingTreeParams params() {
    return core.params;
  }

  /** Nodes in the tree, alternates included; never more than {@code params().maxNodes()}. */
  public int nodeCount() {
    return core.nodeCount;
  }

  /** Split levels on the longest path from the root to a leaf (0 for a single leaf). */
  public int depth() {
    return core.depth();
  }

  @Override
  public double[] predictProba(double[] features) {
    return core.predictProba(features);
  }

  @Override
  public double predict(double[] features) {
    return Rows.classifierValue(predictProba(features));
  }

  @Override
  public void learn(double[] features, double label) {
    core.learn(features, Rows.classIndex(label, core.params.numClasses), 1.0);
    version++;
  }

  @Override
  public long version() {
    return version;
  }

  /** Parameters: {@code settings} (see {@link HoeffdingTreeParams}) and {@code tree}. */
  @Override
  public ModelSnapshot snapshot() {
    Map<String, double[]> p = new TreeMap<>();
    p.put("settings", core.params.toArray());
    p.put("tree", core.toArray());
    return ModelSnapshot.of(id(), version, p);
  }
}
