package dev.streamml.online;

import java.util.Map;
import java.util.TreeMap;

/**
 * A model behind an online standard scaler: each feature is replaced by {@code (x - mean) / sd},
 * with the running mean and population standard deviation {@code sqrt(M2 / n)} of the rows
 * learned so far (Welford); a feature with no spread yet is only centred. {@link #learn} first
 * adds the row to the statistics, then teaches the inner model the row scaled with them;
 * predictions scale with the statistics as they are (so a prequential prediction never sees its
 * own row). Scaled values are clipped to {@link #MAX_DEVIATIONS} standard deviations.
 *
 * <p>Id {@code standard-scaled:<inner id>}. Snapshot: {@code scaler.count}, {@code scaler.mean},
 * {@code scaler.m2}, {@code model.version}, and the inner model's parameters prefixed {@code
 * model.}.
 *
 * <pre>{@code
 * OnlineModel model = StandardScaled.wrap(OnlineLogisticRegression.create());
 * }</pre>
 */
public final class StandardScaled implements OnlineModel {
  private static final long serialVersionUID = 1L;
  public static final String ID_PREFIX = "standard-scaled:";

  /** Scaled values are clipped to this many standard deviations either side of the mean. */
  public static final double MAX_DEVIATIONS = 10;

  private final OnlineModel inner;
  private double count;
  private double[] mean; // null until the first row
  private double[] m2;
  private long version;

  private StandardScaled(OnlineModel inner) {
    if (inner == null) {
      throw new IllegalArgumentException("the wrapped model should be non-null");
    }
    this.inner = inner;
  }

  /** {@code model} behind a scaler that has seen no row; the model is used as is, not copied. */
  public static StandardScaled wrap(OnlineModel model) {
    return new StandardScaled(model);
  }

  public static StandardScaled fromSnapshot(ModelSnapshot s) {
    if (!s.modelId().startsWith(ID_PREFIX)) {
      throw new IllegalArgumentException(
          "snapshot is of model '" + s.modelId() + "', expected '" + ID_PREFIX + "...'");
    }
    String innerId = s.modelId().substring(ID_PREFIX.length());
    OnlineModel inner =
        OnlineModels.fromSnapshot(s.sub(innerId, (long) s.scalar("model.version"), "model."));
    StandardScaled m = wrap(inner);
    m.count = s.scalar("scaler.count");
    double[] mean = s.get("scaler.mean");
    m.mean = mean.length == 0 ? null : mean;
    m.m2 = mean.length == 0 ? null : s.get("scaler.m2");
    m.version = s.version();
    return m;
  }

  @Override
  public String id() {
    return ID_PREFIX + inner.id();
  }

  /** The wrapped model (live, not a copy). */
  public OnlineModel inner() {
    return inner;
  }

  /** {@code features} scaled with the statistics as they are now. */
  public double[] transform(double[] features) {
    Rows.checkWidth(mean == null ? -1 : mean.length, features);
    double[] out = features.clone();
    if (mean == null) {
      return out;
    }
    for (int j = 0; j < out.length; j++) {
      double sd = Math.sqrt(m2[j] / count);
      double z = sd > 0 ? (features[j] - mean[j]) / sd : features[j] - mean[j];
      // A feature that barely moved so far (constant, then a first change) would otherwise scale
      // to millions of deviations and throw an SGD model off for good.
      out[j] = Math.max(-MAX_DEVIATIONS, Math.min(MAX_DEVIATIONS, z));
    }
    return out;
  }

  @Override
  public double predict(double[] features) {
    return inner.predict(transform(features));
  }

  @Override
  public boolean isClassifier() {
    return inner.isClassifier();
  }

  @Override
  public double[] predictProba(double[] features) {
    return inner.predictProba(transform(features));
  }

  @Override
  public void learn(double[] features, double label) {
    Rows.checkWidth(mean == null ? -1 : mean.length, features);
    if (mean == null) {
      mean = new double[features.length];
      m2 = new double[features.length];
    }
    count++;
    for (int j = 0; j < features.length; j++) {
      double delta = features[j] - mean[j];
      mean[j] += delta / count;
      m2[j] += delta * (features[j] - mean[j]);
    }
    inner.learn(transform(features), label);
    version++;
  }

  @Override
  public long version() {
    return version;
  }

  @Override
  public ModelSnapshot snapshot() {
    Map<String, double[]> p = new TreeMap<>();
    p.put("scaler.count", new double[] {count});
    p.put("scaler.mean", mean == null ? new double[0] : mean.clone());
    p.put("scaler.m2", m2 == null ? new double[0] : m2.clone());
    ModelSnapshot innerSnapshot = inner.snapshot();
    p.put("model.version", new double[] {innerSnapshot.version()});
    innerSnapshot.parameters().forEach((k, v) -> p.put("model." + k, v));
    return ModelSnapshot.of(id(), version, p);
  }

  @Override
  public StandardScaled copy() {
    StandardScaled c = wrap(inner.copy());
    c.count = count;
    c.mean = mean == null ? null : mean.clone();
    c.m2 = m2 == null ? null : m2.clone();
    c.version = version;
    return c;
  }
}
