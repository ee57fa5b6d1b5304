package dev.streamml.events;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.joda.time.Instant;

/**
 * One observation on a stream: a key, its event-time timestamp, one or more named numeric
 * features, and optionally a label (class index or regression target) and an id.
 *
 * <p>Events are immutable. A single-valued series uses one feature named {@link #VALUE}.
 *
 * <pre>{@code
 * Event reading = Event.of("sensor-7", Instant.parse("2024-01-01T00:00:00Z"), 21.5);
 * Event labelled =
 *     Event.builder("meter-1", timestamp)
 *         .feature("price", 0.05)
 *         .feature("demand", 0.42)
 *         .label(1.0)
 *         .id("row-17")
 *         .build();
 * double price = labelled.feature("price");
 * }</pre>
 */
@DefaultCoder(EventCoder.class)
public final class Event implements Serializable {

  /** Feature name of single-valued events created with {@link #of(String, Instant, double)}. */
  public static final String VALUE = "value";

  private final String key;
  private final Instant timestamp;
  private final List<String> featureNames;
  private final double[] values;
  private final @Nullable Double label;
  private final @Nullable String id;

  Event(
      String key,
      Instant timestamp,
      List<String> featureNames,
      double[] values,
      @Nullable Double label,
      @Nullable String id) {
    this.key = Objects.requireNonNull(key, "key");
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    this.featureNames = featureNames;
    this.values = values;
    this.label = label;
    this.id = id;
  }

  /** A single-valued event whose one feature is named {@link #VALUE}. */
  public static Event of(String key, Instant timestamp, double value) {
    return new Event(
        key, timestamp, Collections.singletonList(VALUE), new double[] {value}, null, null);
  }

  /** Starts building an event with named features. */
  public static Builder builder(String key, Instant timestamp) {
    return new Builder(key, timestamp);
  }

  public String getKey() {
    return key;
  }

  public Instant getTimestamp() {
    return timestamp;
  }

  /** Feature names, in the order they were given. */
  public List<String> getFeatureNames() {
    return featureNames;
  }

  /** Number of features. */
  public int size() {
    return values.length;
  }

  /** The value of the first feature: the series value of a single-valued event. */
  public double value() {
    return values[0];
  }

  /** The value of the feature at {@code index}, in the order of {@link #getFeatureNames()}. */
  public double valueAt(int index) {
    return values[index];
  }

  /** A copy of the feature values, in the order of {@link #getFeatureNames()}. */
  public double[] values() {
    return values.clone();
  }

  /**
   * The value of the named feature.
   *
   * @throws IllegalArgumentException if the event has no such feature
   */
  public double feature(String name) {
    int index = featureNames.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException(
          "event of key '" + key + "' has no feature '" + name + "'; it has " + featureNames);
    }
    return values[index];
  }

  /** Whether the event has the named feature. */
  public boolean hasFeature(String name) {
    return featureNames.contains(name);
  }

  /** Features by name, in order. */
  public Map<String, Double> features() {
    Map<String, Double> byName = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      byName.put(featureNames.get(i), values[i]);
    }
    return byName;
  }

  public @Nullable Double getLabel() {
    return label;
  }

  public @Nullable String getId() {
    return id;
  }

  /** A copy of this event with another timestamp. */
  public Event withTimestamp(Instant newTimestamp) {
    return new Event(key, newTimestamp, featureNames, values, label, id);
  }

  /** A copy of this event with another label. */
  public Event withLabel(@Nullable Double newLabel) {
    return new Event(key, timestamp, featureNames, values, newLabel, id);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Event)) {
      return false;
    }
    Event that = (Event) other;
    return key.equals(that.key)
        && timestamp.equals(that.timestamp)
        && featureNames.equals(that.featureNames)
        && Arrays.equals(values, that.values)
        && Objects.equals(label, that.label)
        && Objects.equals(id, that.id);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, timestamp, featureNames, Arrays.hashCode(values), label, id);
  }

  @Override
  public String toString() {
    return "Event{key="
        + key
        + ", timestamp="
        + timestamp
        + ", features="
        + features()
        + (label == null ? "" : ", label=" + label)
        + (id == null ? "" : ", id=" + id)
        + "}";
  }

  /** Builds an {@link Event} with named features. */
  public static final class Builder {
    private final String key;
    private final Instant timestamp;
    private final List<String> names = new ArrayList<>();
    private double[] values = new double[4];
    private @Nullable Double label;
    private @Nullable String id;

    private Builder(String key, Instant timestamp) {
      this.key = Objects.requireNonNull(key, "key");
      this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    }

    /** Adds a feature; names must be unique within an event. */
    public Builder feature(String name, double value) {
      if (names.contains(name)) {
        throw new IllegalArgumentException("duplicate feature name '" + name + "'");
      }
      if (names.size() == values.length) {
        values = Arrays.copyOf(values, values.length * 2);
      }
      values[names.size()] = value;
      names.add(name);
      return this;
    }

    public Builder label(@Nullable Double newLabel) {
      this.label = newLabel;
      return this;
    }

    public Builder id(@Nullable String newId) {
      this.id = newId;
      return this;
    }

    /** Builds the event; it must have at least one feature. */
    public Event build() {
      if (names.isEmpty()) {
        throw new IllegalStateException("an event needs at least one feature");
      }
      return new Event(
          key,
          timestamp,
          Collections.unmodifiableList(new ArrayList<>(names)),
          Arrays.copyOf(values, names.size()),
          label,
          id);
    }
  }
}
