package dev.streamml.online;

import java.util.Map;
import java.util.TreeMap;

/**
 * Gaussian naive Bayes for {@code k} classes: per class its count and, per feature, a Welford
 * running mean and sum of squared deviations {@code M2}.
 *
 * <p>{@code P(c | x)} is proportional to {@code prior(c) * prod_j N(x_j; mean_cj, var_cj)} with
 * {@code prior(c) = count_c / total} and the sample variance {@code var_cj = M2_cj / (count_c - 1)}
 * (0 for a single row), its standard deviation floored at 1e-6 so that constant features stay
 * finite. Computed in log space; a class never seen has probability 0; before any row all classes
 * are equally likely.
 *
 * <p>Mergeable ({@link MergeableModel}): per class and feature, counts add and means and {@code
 * M2} combine by Chan et al.'s parallel formula.
 *
 * <p>Snapshot ({@code gaussian-nb}): {@code numClasses}, {@code classCounts} (k), {@code means}
 * and {@code m2} (k times features, class-major; empty before the first row).
 *
 * <pre>{@code
 * OnlineGaussianNaiveBayes model = OnlineGaussianNaiveBayes.create(3); // classes 0, 1, 2
 * double predictedClass = model.predict(features);
 * double[] probabilities = model.predictProba(features);
 * model.learn(features, 2.0);
 * }</pre>
 */
public final class OnlineGaussianNaiveBayes implements MergeableModel {
  private static final long serialVersionUID = 1L;
  public static final String ID = "gaussian-nb";

  private final int numClasses;
  private final double[] counts;
  private double[][] means; // [class][feature], null until the first row
  private double[][] m2;
  private long version;

  private OnlineGaussianNaiveBayes(int numClasses) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("numClasses should be at least 2, was " + numClasses);
    }
    this.numClasses = numClasses;
    this.counts = new double[numClasses];
  }

  public static OnlineGaussianNaiveBayes create(int numClasses) {
    return new OnlineGaussianNaiveBayes(numClasses);
  }

  public static OnlineGaussianNaiveBayes fromSnapshot(ModelSnapshot s) {
    s.requireModel(ID);
    OnlineGaussianNaiveBayes m = create((int) s.scalar("numClasses"));
    double[] counts = s.get("classCounts");
    System.arraycopy(counts, 0, m.counts, 0, m.numClasses);
    double[] means = s.get("means");
    double[] m2 = s.get("m2");
    if (means.length > 0) {
      int d = means.length / m.numClasses;
      m.means = new double[m.numClasses][d];
      m.m2 = new double[m.numClasses][d];
      for (int c = 0; c < m.numClasses; c++) {
        System.arraycopy(means, c * d, m.means[c], 0, d);
        System.arraycopy(m2, c * d, m.m2[c], 0, d);
      }
    }
    m.version = s.version();
    return m;
  }

  @Override
  public String id() {
    return ID;
  }

  private int width() {
    return means == null ? -1 : means[0].length;
  }

  @Override
  public void learn(double[] features, double label) {
    Rows.checkWidth(width(), features);
    int c = Rows.classIndex(label, numClasses);
    if (means == null) {
      means = new double[numClasses][features.length];
      m2 = new double[numClasses][features.length];
    }
    counts[c] += 1;
    for (int j = 0; j < features.length; j++) {
      double delta = features[j] - means[c][j];
      means[c][j] += delta / counts[c];
      m2[c][j] += delta * (features[j] - means[c][j]);
    }
    version++;
  }

  /** Per-class log of {@code prior * likelihood}, up to a shared constant. */
  public double[] jointLogLikelihood(double[] features) {
    Rows.checkWidth(width(), features);
    double total = 0;
    for (double n : counts) {
      total += n;
    }
    double[] logs = new double[numClasses];
    for (int c = 0; c < numClasses; c++) {
      if (counts[c] == 0) {
        logs[c] = total == 0 ? 0.0 : Double.NEGATIVE_INFINITY;
        continue;
      }
      double l = Math.log(counts[c] / total);
      double n = counts[c];
      for (int j = 0; j < features.length; j++) {
        double var = n > 1 ? m2[c][j] / (n - 1) : 0.0;
        l += GaussianEstimator.logDensity(features[j], means[c][j], var);
      }
      logs[c] = l;
    }
    return logs;
  }

  @Override
  public double[] predictProba(double[] features) {
    return Rows.softmax(jointLogLikelihood(features));
  }

  @Override
  public double predict(double[] features) {
    return Rows.classifierValue(predictProba(features));
  }

  @Override
  public long version() {
    return version;
  }

  @Override
  public ModelSnapshot snapshot() {
    Map<String, double[]> p = new TreeMap<>();
    p.put("numClasses", new double[] {numClasses});
    p.put("classCounts", counts.clone());
    int d = Math.max(width(), 0);
    double[] flatMeans = new double[numClasses * d];
    double[] flatM2 = new double[numClasses * d];
    for (int c = 0; c < numClasses && d > 0; c++) {
      System.arraycopy(means[c], 0, flatMeans, c * d, d);
      System.arraycopy(m2[c], 0, flatM2, c * d, d);
    }
    p.put("means", flatMeans);
    p.put("m2", flatM2);
    return ModelSnapshot.of(ID, version, p);
  }

  @Override
  public void merge(MergeableModel other) {
    if (!(other instanceof OnlineGaussianNaiveBayes)) {
      throw new IllegalArgumentException("cannot merge " + other.id() + " into " + ID);
    }
    OnlineGaussianNaiveBayes that = (OnlineGaussianNaiveBayes) other;
    if (that.numClasses != numClasses) {
      throw new IllegalArgumentException(
          "cannot merge a model of " + that.numClasses + " classes into one of " + numClasses);
    }
    if (that.means == null) {
      return;
    }
    Rows.checkWidth(width(), that.means[0]);
    if (means == null) {
      means = new double[numClasses][that.means[0].length];
      m2 = new double[numClasses][that.means[0].length];
    }
    for (int c = 0; c < numClasses; c++) {
      double na = counts[c];
      double nb = that.counts[c];
      double n = na + nb;
      if (nb == 0) {
        continue;
      }
      for (int j = 0; j < means[c].length; j++) {
        double delta = that.means[c][j] - means[c][j];
        means[c][j] += delta * nb / n;
        m2[c][j] += that.m2[c][j] + delta * delta * na * nb / n;
      }
      counts[c] = n;
    }
    version += that.version;
  }

  @Override
  public OnlineGaussianNaiveBayes copy() {
    return fromSnapshot(snapshot());
  }
}
