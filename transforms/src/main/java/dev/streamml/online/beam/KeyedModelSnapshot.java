package dev.streamml.online.beam;

import dev.streamml.online.ModelSnapshot;
import dev.streamml.online.OnlineModel;
import dev.streamml.online.OnlineModels;
import java.io.Serializable;
import java.util.Objects;
import org.joda.time.Instant;

/**
 * A versioned snapshot of one key's model, emitted by {@link PrequentialLearning#withSnapshotsEvery}:
 * the event key, the model version (number of rows the model has learned, equal to {@code
 * snapshot().version()}), the event time of the last event learned before the snapshot, and the
 * {@link ModelSnapshot} itself. {@link #restore()} gives back a model that predicts bit for bit as
 * the key's model did right after that event.
 *
 * <p>JSON-able as is, for example:
 *
 * <pre>{@code
 * {"key": "meter-a", "version": 200, "eventTime": "2024-01-01T00:03:19.000Z",
 *  "model": {"modelId": "leveraging-bagging", "version": 200,
 *            "parameters": {"<name>": [1.0, 2.5], ...}}}
 * }</pre>
 *
 * <p>{@code parameters} are the snapshot's sorted map of named arrays of doubles, laid out as the
 * model's javadoc describes; feeding {@code modelId}, {@code version} and {@code parameters} back to
 * {@link ModelSnapshot#of} and {@link OnlineModels#fromSnapshot} restores the model, for instance
 * to warm-start a new pipeline with {@link PrequentialLearning#withInitialModels}.
 */
public final class KeyedModelSnapshot implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final long version;
  private final Instant eventTime;
  private final ModelSnapshot snapshot;

  public KeyedModelSnapshot(String key, long version, Instant eventTime, ModelSnapshot snapshot) {
    if (key == null || eventTime == null || snapshot == null) {
      throw new IllegalArgumentException("key, event time and snapshot are required");
    }
    this.key = key;
    this.version = version;
    this.eventTime = eventTime;
    this.snapshot = snapshot;
  }

  public String key() {
    return key;
  }

  /** Rows the model had learned when the snapshot was taken. */
  public long version() {
    return version;
  }

  /** Event time of the last event the model learned before the snapshot. */
  public Instant eventTime() {
    return eventTime;
  }

  public ModelSnapshot snapshot() {
    return snapshot;
  }

  /** The key's model as it was when the snapshot was taken. */
  public OnlineModel restore() {
    return OnlineModels.fromSnapshot(snapshot);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof KeyedModelSnapshot)) {
      return false;
    }
    KeyedModelSnapshot that = (KeyedModelSnapshot) o;
    return version == that.version
        && key.equals(that.key)
        && eventTime.equals(that.eventTime)
        && snapshot.equals(that.snapshot);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, version, eventTime, snapshot);
  }

  @Override
  public String toString() {
    return "KeyedModelSnapshot{key="
        + key
        + ", version="
        + version
        + ", eventTime="
        + eventTime
        + ", "
        + snapshot
        + "}";
  }
}
