package dev.streamml.online;

/**
 * Hoeffding tree (VFDT; Domingos and Hulten 2000) for numeric attributes, as MOA's {@code
 * HoeffdingTree}: Gaussian estimators per attribute and class in each leaf, binary splits chosen
 * by information gain once the Hoeffding bound separates the best from the second best (or falls
 * under the tie threshold), checked every grace period, and naive-Bayes-adaptive leaves by
 * default. The details, and the flat layout of the {@code tree} snapshot parameter, are those of
 * {@link HoeffdingTreeCore}; memory is bounded by {@link HoeffdingTreeParams#withMaxNodes}.
 *
 * <p>Snapshot ({@code hoeffding-tree}): {@code settings} = numClasses, gracePeriod,
 * splitConfidence, tieThreshold, numSplitPoints, minBranchFraction, maxNodes, leaf prediction (0
 * majority, 1 naive Bayes, 2 adaptive), adwinDelta; and {@code tree}.
 *
 * <pre>{@code
 * OnlineHoeffdingTree tree = OnlineHoeffdingTree.of(HoeffdingTreeParams.defaults().withNumClasses(3));
 * }</pre>
 */
public final class OnlineHoeffdingTree extends TreeModel {
  private static final long serialVersionUID = 1L;
  public static final String ID = "hoeffding-tree";

  private OnlineHoeffdingTree(HoeffdingTreeCore core) {
    super(core);
  }

  /** A binary classifier with MOA's defaults. */
  public static OnlineHoeffdingTree create() {
    return of(HoeffdingTreeParams.defaults());
  }

  public static OnlineHoeffdingTree of(HoeffdingTreeParams params) {
    return new OnlineHoeffdingTree(new HoeffdingTreeCore(params, false));
  }

  public static OnlineHoeffdingTree fromSnapshot(ModelSnapshot s) {
    s.requireModel(ID);
    HoeffdingTreeParams params = HoeffdingTreeParams.fromArray(s.get("settings"));
    OnlineHoeffdingTree tree =
        new OnlineHoeffdingTree(HoeffdingTreeCore.fromArray(params, false, s.get("tree")));
    tree.version = s.version();
    return tree;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public OnlineHoeffdingTree copy() {
    OnlineHoeffdingTree c = new OnlineHoeffdingTree(core.copy());
    c.version = version;
    return c;
  }
}
