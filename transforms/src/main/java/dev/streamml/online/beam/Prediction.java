package dev.streamml.online.beam;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.joda.time.Instant;

/**
 * What a key's model predicted for one event before it learned the event's label: the predicted
 * class, the per-class probabilities, the label revealed afterwards (if any) and the version of the
 * model that predicted (the number of events it had learned).
 *
 * <pre>{@code
 * PCollection<Prediction> predictions = events.apply(PrequentialLearning.of(model));
 * predictions.apply(
 *     MapElements.into(TypeDescriptors.strings())
 *         .via((Prediction p) ->
 *             p.key() + " class " + p.predictedClass() + " p=" + p.probability()
 *                 + " model v" + p.modelVersion()));
 * }</pre>
 */
@DefaultCoder(PredictionCoder.class)
public final class Prediction implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final Instant timestamp;
  private final @Nullable String id;
  private final int predictedClass;
  private final double[] probabilities;
  private final @Nullable Double actual;
  private final long modelVersion;
  private final boolean late;

  Prediction(
      String key,
      Instant timestamp,
      @Nullable String id,
      int predictedClass,
      double[] probabilities,
      @Nullable Double actual,
      long modelVersion,
      boolean late) {
    this.key = Objects.requireNonNull(key, "key");
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    this.id = id;
    this.predictedClass = predictedClass;
    this.probabilities = probabilities;
    this.actual = actual;
    this.modelVersion = modelVersion;
    this.late = late;
  }

  public String key() {
    return key;
  }

  /** The event's timestamp. */
  public Instant timestamp() {
    return timestamp;
  }

  /** The event's id, if it had one. */
  public @Nullable String id() {
    return id;
  }

  /** The most probable class; ties go to the lowest class. */
  public int predictedClass() {
    return predictedClass;
  }

  /** Probability the model gave the predicted class. */
  public double probability() {
    return probabilities[predictedClass];
  }

  /** Probability the model gave {@code c}, 0 for a class it has no probability for. */
  public double probabilityOf(int c) {
    return c >= 0 && c < probabilities.length ? probabilities[c] : 0.0;
  }

  /** A copy of the per-class probabilities. */
  public double[] probabilities() {
    return probabilities.clone();
  }

  /** The event's label, learned after this prediction; null for an unlabelled event. */
  public @Nullable Double actual() {
    return actual;
  }

  /** Number of events the predicting model had learned. */
  public long modelVersion() {
    return modelVersion;
  }

  /**
   * Whether the event came at or before its key's last learned event: it was predicted by a model
   * that had learned later events, and was not learned.
   */
  public boolean isLate() {
    return late;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Prediction)) {
      return false;
    }
    Prediction that = (Prediction) other;
    return key.equals(that.key)
        && timestamp.equals(that.timestamp)
        && Objects.equals(id, that.id)
        && predictedClass == that.predictedClass
        && Arrays.equals(probabilities, that.probabilities)
        && Objects.equals(actual, that.actual)
        && modelVersion == that.modelVersion
        && late == that.late;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, timestamp, id, predictedClass, actual, modelVersion, late)
        + 31 * Arrays.hashCode(probabilities);
  }

  @Override
  public String toString() {
    return "Prediction{key="
        + key
        + ", timestamp="
        + timestamp
        + (id == null ? "" : ", id=" + id)
        + ", predicted="
        + predictedClass
        + ", probabilities="
        + Arrays.toString(probabilities)
        + (actual == null ? "" : ", actual=" + actual)
        + ", modelVersion="
        + modelVersion
        + (late ? ", late" : "")
        + "}";
  }
}
