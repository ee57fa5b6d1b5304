package dev.streamml.online;

import java.util.Map;
import java.util.TreeMap;

/**
 * Leveraging bagging (Bifet, Holmes and Pfahringer 2010), as MOA's {@code LeveragingBag}: each of
 * {@code size} Hoeffding trees learns every row with weight {@code k ~ Poisson(lambda)} (skipped
 * when k = 0), drawn from one seeded generator in member order. After learning, each member's
 * ADWIN is fed 1 if the member now misclassifies the row, else 0; when any member's ADWIN detects
 * an increase of error, the member with the highest ADWIN error estimate is reset to an empty
 * tree with a new ADWIN. Probabilities: the sum of the members' normalised votes, normalised.
 *
 * <p>Snapshot ({@code leveraging-bagging}): {@code settings} = size, lambda, adaptive members
 * (0/1); {@code seed} and {@code rng} (the seed and the generator state, each as its high and low
 * 32 bits); {@code tree.settings} as {@link OnlineHoeffdingTree}; {@code changes}; and per member i, zero-padded to 3 digits,
 * {@code member.i.tree} (layout of {@link HoeffdingTreeCore}) and {@code member.i.adwin}.
 *
 * <pre>{@code
 * OnlineModel ensemble = OnlineLeveragingBagging.of(HoeffdingTreeParams.defaults(), 10, 6.0, 1L);
 * }</pre>
 */
public final class OnlineLeveragingBagging implements OnlineModel {
  private static final long serialVersionUID = 1L;
  public static final String ID = "leveraging-bagging";
  public static final int DEFAULT_SIZE = 10;
  public static final double DEFAULT_LAMBDA = 6.0;
  public static final long DEFAULT_SEED = 1L;

  private final HoeffdingTreeParams params;
  private final int size;
  private final double lambda;
  private final long seed;
  private final boolean adaptiveMembers;
  private final HoeffdingTreeCore[] members;
  private final AdwinEstimator[] errors;
  private SplitMix64 random;
  private long changes;
  private long version;

  private OnlineLeveragingBagging(
      HoeffdingTreeParams params, int size, double lambda, long seed, boolean adaptiveMembers) {
    if (size < 1) {
      throw new IllegalArgumentException("ensemble size should be at least 1, was " + size);
    }
    if (!(lambda > 0 && lambda < 100)) {
      throw new IllegalArgumentException("lambda should be in (0, 100), was " + lambda);
    }
    this.params = params;
    this.size = size;
    this.lambda = lambda;
    this.seed = seed;
    this.adaptiveMembers = adaptiveMembers;
    this.members = new HoeffdingTreeCore[size];
    this.errors = new AdwinEstimator[size];
    for (int i = 0; i < size; i++) {
      reset(i);
    }
    this.random = new SplitMix64(seed);
  }

  /** MOA's defaults: 10 Hoeffding trees, lambda 6, seed 1. */
  public static OnlineLeveragingBagging create() {
    return of(HoeffdingTreeParams.defaults(), DEFAULT_SIZE, DEFAULT_LAMBDA, DEFAULT_SEED);
  }

  /** {@code size} {@link OnlineHoeffdingTree}s. */
  public static OnlineLeveragingBagging of(
      HoeffdingTreeParams params, int size, double lambda, long seed) {
    return new OnlineLeveragingBagging(params, size, lambda, seed, false);
  }

  /** {@code size} {@link OnlineAdaptiveHoeffdingTree}s. */
  public static OnlineLeveragingBagging ofAdaptiveTrees(
      HoeffdingTreeParams params, int size, double lambda, long seed) {
    return new OnlineLeveragingBagging(params, size, lambda, seed, true);
  }

  public static OnlineLeveragingBagging fromSnapshot(ModelSnapshot s) {
    s.requireModel(ID);
    double[] settings = s.get("settings");
    HoeffdingTreeParams params = HoeffdingTreeParams.fromArray(s.get("tree.settings"));
    long seed = new FlatState.Reader(s.get("seed")).nextBits();
    OnlineLeveragingBagging m =
        new OnlineLeveragingBagging(params, (int) settings[0], settings[1], seed, settings[2] != 0);
    for (int i = 0; i < m.size; i++) {
      m.members[i] =
          HoeffdingTreeCore.fromArray(params, m.adaptiveMembers, s.get(memberKey(i, "tree")));
      FlatState.Reader in = new FlatState.Reader(s.get(memberKey(i, "adwin")));
      m.errors[i] = AdwinEstimator.read(in);
      in.expectEnd();
    }
    m.random = new SplitMix64(new FlatState.Reader(s.get("rng")).nextBits());
    m.changes = (long) s.scalar("changes");
    m.version = s.version();
    return m;
  }

  private static String memberKey(int i, String part) {
    return String.format("member.%03d.%s", i, part);
  }

  private void reset(int i) {
    members[i] = new HoeffdingTreeCore(params, adaptiveMembers);
    errors[i] = new AdwinEstimator(params.adwinDelta);
  }

  @Override
  public String id() {
    return ID;
  }

  /** Members reset after a detected change so far. */
  public long changes() {
    return changes;
  }

  @Override
  public double[] predictProba(double[] features) {
    double[] sum = new double[params.numClasses];
    for (HoeffdingTreeCore member : members) {
      double[] p = member.predictProba(features);
      for (int c = 0; c < sum.length; c++) {
        sum[c] += p[c];
      }
    }
    return Rows.normalize(sum);
  }

  @Override
  public double predict(double[] features) {
    return Rows.classifierValue(predictProba(features));
  }

  @Override
  public void learn(double[] features, double label) {
    int c = Rows.classIndex(label, params.numClasses);
    for (HoeffdingTreeCore member : members) {
      member.checkFeatures(features);
    }
    for (HoeffdingTreeCore member : members) {
      int k = random.poisson(lambda);
      if (k > 0) {
        member.learn(features, c, k);
      }
    }
    boolean change = false;
    for (int i = 0; i < size; i++) {
      boolean wrong = Rows.argMax(members[i].predictProba(features)) != c;
      double before = errors[i].estimation();
      if (errors[i].add(wrong ? 1.0 : 0.0) && errors[i].estimation() > before) {
        change = true;
      }
    }
    if (change) {
      changes++;
      double max = 0;
      int worst = -1;
      for (int i = 0; i < size; i++) {
        if (max < errors[i].estimation()) {
          max = errors[i].estimation();
          worst = i;
        }
      }
      if (worst >= 0) {
        int width = members[worst].numFeatures;
        reset(worst);
        members[worst].numFeatures = width;
      }
    }
    version++;
  }

  @Override
  public long version() {
    return version;
  }

  @Override
  public ModelSnapshot snapshot() {
    Map<String, double[]> p = new TreeMap<>();
    p.put("settings", new double[] {size, lambda, adaptiveMembers ? 1 : 0});
    p.put("seed", new FlatState.Writer().addBits(seed).toArray());
    p.put("tree.settings", params.toArray());
    p.put("rng", new FlatState.Writer().addBits(random.state()).toArray());
    p.put("changes", new double[] {changes});
    for (int i = 0; i < size; i++) {
      p.put(memberKey(i, "tree"), members[i].toArray());
      FlatState.Writer w = new FlatState.Writer();
      errors[i].write(w);
      p.put(memberKey(i, "adwin"), w.toArray());
    }
    return ModelSnapshot.of(ID, version, p);
  }

  @Override
  public OnlineLeveragingBagging copy() {
    return fromSnapshot(snapshot());
  }
}
