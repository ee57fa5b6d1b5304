package dev.streamml.online;

import java.util.Map;
import java.util.TreeMap;

/**
 * Sequential k-means (MacQueen 1967): the first {@code k} rows become the centroids, in order;
 * each later row moves its nearest centroid (squared Euclidean distance, lowest index on ties)
 * by {@code (x - c) / n_c}, so every centroid is the mean of the rows assigned to it. No random
 * initialisation, so no seed. Labels are ignored.
 *
 * <p>{@link #predict} is the index of the nearest centroid (-1 before the first row).
 *
 * <p>Snapshot ({@code kmeans}): {@code k}, {@code counts} (k; 0 for a centroid not yet set) and
 * {@code centroids} (k times features, centroid-major; empty before the first row).
 *
 * <pre>{@code
 * OnlineKMeans kmeans = OnlineKMeans.create(3);
 * kmeans.learn(features, 0); // the label is ignored
 * double cluster = kmeans.predict(features); // index of the nearest centroid
 * }</pre>
 */
public final class OnlineKMeans implements OnlineModel {
  private static final long serialVersionUID = 1L;
  public static final String ID = "kmeans";

  private final int k;
  private final double[] counts;
  private double[][] centroids; // null until the first row
  private long version;

  private OnlineKMeans(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k should be at least 1, was " + k);
    }
    this.k = k;
    this.counts = new double[k];
  }

  public static OnlineKMeans create(int k) {
    return new OnlineKMeans(k);
  }

  public static OnlineKMeans fromSnapshot(ModelSnapshot s) {
    s.requireModel(ID);
    OnlineKMeans m = create((int) s.scalar("k"));
    System.arraycopy(s.get("counts"), 0, m.counts, 0, m.k);
    double[] flat = s.get("centroids");
    if (flat.length > 0) {
      int d = flat.length / m.k;
      m.centroids = new double[m.k][d];
      for (int c = 0; c < m.k; c++) {
        System.arraycopy(flat, c * d, m.centroids[c], 0, d);
      }
    }
    m.version = s.version();
    return m;
  }

  @Override
  public String id() {
    return ID;
  }

  /** The centroids set so far (fewer than k until k rows were learned). */
  public double[][] centroids() {
    int set = 0;
    while (set < k && counts[set] > 0) {
      set++;
    }
    double[][] out = new double[set][];
    for (int c = 0; c < set; c++) {
      out[c] = centroids[c].clone();
    }
    return out;
  }

  private int nearest(double[] x) {
    int best = -1;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int c = 0; c < k && counts[c] > 0; c++) {
      double d = 0;
      for (int j = 0; j < x.length; j++) {
        double diff = x[j] - centroids[c][j];
        d += diff * diff;
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }

  @Override
  public double predict(double[] features) {
    Rows.checkWidth(centroids == null ? -1 : centroids[0].length, features);
    return nearest(features);
  }

  /** Always throws: k-means has clusters, not class probabilities. */
  @Override
  public boolean isClassifier() {
    return false;
  }

  @Override
  public double[] predictProba(double[] features) {
    throw new UnsupportedOperationException("k-means assigns clusters; use predict");
  }

  @Override
  public void learn(double[] features, double label) {
    Rows.checkWidth(centroids == null ? -1 : centroids[0].length, features);
    if (centroids == null) {
      centroids = new double[k][features.length];
    }
    int free = 0;
    while (free < k && counts[free] > 0) {
      free++;
    }
    if (free < k) {
      centroids[free] = features.clone();
      counts[free] = 1;
    } else {
      int c = nearest(features);
      counts[c] += 1;
      for (int j = 0; j < features.length; j++) {
        centroids[c][j] += (features[j] - centroids[c][j]) / counts[c];
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
    p.put("k", new double[] {k});
    p.put("counts", counts.clone());
    int d = centroids == null ? 0 : centroids[0].length;
    double[] flat = new double[centroids == null ? 0 : k * d];
    for (int c = 0; c < k && centroids != null; c++) {
      System.arraycopy(centroids[c], 0, flat, c * d, d);
    }
    p.put("centroids", flat);
    return ModelSnapshot.of(ID, version, p);
  }

  @Override
  public OnlineKMeans copy() {
    return fromSnapshot(snapshot());
  }
}
