package dev.streamml.online;

/**
 * Hoeffding adaptive tree (HAT-ADWIN; Bifet and Gavaldà 2009), as MOA's {@code
 * HoeffdingAdaptiveTree}: a {@link OnlineHoeffdingTree} whose nodes each monitor their error with
 * ADWIN; a split node whose error rises grows an alternate subtree on the same rows and is
 * replaced by it once the alternate is significantly better. Rows are not Poisson re-weighted
 * (MOA does that in leaves), so the tree needs no generator. Details and the snapshot layout are
 * those of {@link HoeffdingTreeCore}; alternates count against {@link
 * HoeffdingTreeParams#withMaxNodes}.
 *
 * <p>Snapshot ({@code hoeffding-adaptive-tree}): {@code settings} and {@code tree}, as {@link
 * OnlineHoeffdingTree}, with the adaptive fields in the tree.
 *
 * <pre>{@code
 * OnlineAdaptiveHoeffdingTree tree = OnlineAdaptiveHoeffdingTree.create();
 * double pOne = tree.predict(features);
 * tree.learn(features, label);
 * }</pre>
 */
public final class OnlineAdaptiveHoeffdingTree extends TreeModel {
  private static final long serialVersionUID = 1L;
  public static final String ID = "hoeffding-adaptive-tree";

  private OnlineAdaptiveHoeffdingTree(HoeffdingTreeCore core) {
    super(core);
  }

  public static OnlineAdaptiveHoeffdingTree create() {
    return of(HoeffdingTreeParams.defaults());
  }

  public static OnlineAdaptiveHoeffdingTree of(HoeffdingTreeParams params) {
    return new OnlineAdaptiveHoeffdingTree(new HoeffdingTreeCore(params, true));
  }

  public static OnlineAdaptiveHoeffdingTree fromSnapshot(ModelSnapshot s) {
    s.requireModel(ID);
    HoeffdingTreeParams params = HoeffdingTreeParams.fromArray(s.get("settings"));
    OnlineAdaptiveHoeffdingTree tree =
        new OnlineAdaptiveHoeffdingTree(HoeffdingTreeCore.fromArray(params, true, s.get("tree")));
    tree.version = s.version();
    return tree;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public OnlineAdaptiveHoeffdingTree copy() {
    OnlineAdaptiveHoeffdingTree c = new OnlineAdaptiveHoeffdingTree(core.copy());
    c.version = version;
    return c;
  }
}
