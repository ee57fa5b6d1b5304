package dev.streamml.online;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state of an {@link OnlineModel}, independent of any key: the model id, its version and a map
 * of named parameter arrays (sorted by name). Each model's javadoc lists its names. Scalars are
 * arrays of length one; tree models keep their nodes in one {@code tree} array whose layout their
 * javadoc describes. The map is JSON-able as is (strings to arrays of numbers).
 *
 * <p>Immutable: arrays are copied in and out.
 *
 * <pre>{@code
 * ModelSnapshot saved = model.snapshot();
 * long version = saved.version(); // rows learned
 * OnlineModel restored = OnlineModels.fromSnapshot(saved); // predicts and learns exactly like model
 * }</pre>
 */
public final class ModelSnapshot implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String modelId;
  private final long version;
  private final SortedMap<String, double[]> parameters;

  private ModelSnapshot(String modelId, long version, SortedMap<String, double[]> parameters) {
    this.modelId = modelId;
    this.version = version;
    this.parameters = parameters;
  }

  /**
   * A snapshot of model {@code modelId} after {@code version} learned rows.
   *
   * @throws IllegalArgumentException if the id is empty, the version negative or a name empty
   */
  public static ModelSnapshot of(String modelId, long version, Map<String, double[]> parameters) {
    if (modelId == null || modelId.isEmpty()) {
      throw new IllegalArgumentException("model id should be a non-empty string");
    }
    if (version < 0) {
      throw new IllegalArgumentException("version should be non-negative, was " + version);
    }
    SortedMap<String, double[]> copy = new TreeMap<>();
    for (Map.Entry<String, double[]> e : parameters.entrySet()) {
      if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
        throw new IllegalArgumentException(
            "parameter names should be non-empty and values non-null, got " + e.getKey());
      }
      copy.put(e.getKey(), e.getValue().clone());
    }
    return new ModelSnapshot(modelId, version, copy);
  }

  public String modelId() {
    return modelId;
  }

  public long version() {
    return version;
  }

  /** Parameter names in sorted order. */
  public SortedMap<String, double[]> parameters() {
    SortedMap<String, double[]> copy = new TreeMap<>();
    parameters.forEach((k, v) -> copy.put(k, v.clone()));
    return Collections.unmodifiableSortedMap(copy);
  }

  /** Whether a parameter of that name exists. */
  public boolean has(String name) {
    return parameters.containsKey(name);
  }

  /**
   * A copy of the named parameter.
   *
   * @throws IllegalArgumentException if absent
   */
  public double[] get(String name) {
    double[] value = parameters.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "snapshot of '" + modelId + "' has no parameter '" + name + "'; it has " + parameters.keySet());
    }
    return value.clone();
  }

  /** The named parameter of length one. */
  public double scalar(String name) {
    double[] value = get(name);
    if (value.length != 1) {
      throw new IllegalArgumentException(
          "parameter '" + name + "' should hold one value, holds " + value.length);
    }
    return value[0];
  }

  /** A snapshot of a member model: parameters under {@code prefix} with the prefix removed. */
  ModelSnapshot sub(String memberId, long memberVersion, String prefix) {
    SortedMap<String, double[]> inner = new TreeMap<>();
    for (Map.Entry<String, double[]> e : parameters.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        inner.put(e.getKey().substring(prefix.length()), e.getValue());
      }
    }
    return new ModelSnapshot(memberId, memberVersion, inner);
  }

  /** Throws unless this snapshot is of model {@code expectedId}. */
  void requireModel(String expectedId) {
    if (!expectedId.equals(modelId)) {
      throw new IllegalArgumentException(
          "snapshot is of model '" + modelId + "', expected '" + expectedId + "'");
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ModelSnapshot)) {
      return false;
    }
    ModelSnapshot that = (ModelSnapshot) o;
    if (version != that.version
        || !modelId.equals(that.modelId)
        || !parameters.keySet().equals(that.parameters.keySet())) {
      return false;
    }
    for (Map.Entry<String, double[]> e : parameters.entrySet()) {
      if (!Arrays.equals(e.getValue(), that.parameters.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(modelId, version);
    for (Map.Entry<String, double[]> e : parameters.entrySet()) {
      h = 31 * h + e.getKey().hashCode();
      h = 31 * h + Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("ModelSnapshot{").append(modelId).append(" v").append(version);
    parameters.forEach(
        (k, v) -> s.append(", ").append(k).append("[").append(v.length).append("]"));
    return s.append('}').toString();
  }
}
