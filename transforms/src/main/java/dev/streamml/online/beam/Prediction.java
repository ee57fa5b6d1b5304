package dev.streamml.online.beam;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.joda.time.Instant;

/**
 * What a key's model predicted for one event before it learned the event's label: the predicted
 * value, for a classifier also the predicted class and per-class probabilities, the label revealed
 * afterwards (if any) and the version of the model that predicted (the number of events it had
 * learned).
 *
 * <p>{@link #value()} follows {@link dev.streamml.online.OnlineModel#predict}: the regression value
 * of a regressor, {@code P(class = 1)} of a binary classifier, the most probable class of a
 * multi-class one. A regressor's prediction has no classes: {@link #isRegression()} is true,
 * {@link #predictedClass()} is -1 and {@link #probabilities()} is empty.
 *
 * <pre>{@code
 * PCollection<Prediction> predictions = events.apply(PrequentialLearning.of(model));
 * predictions.apply(MapElements.into(TypeDescriptors.doubles()).via(p -> p.value()));
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
  private final double value;
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
    this(
        key,
        timestamp,
        id,
        predictedClass,
        probabilities,
        classifierValue(predictedClass, probabilities),
        actual,
        modelVersion,
        late);
  }

  Prediction(
      String key,
      Instant timestamp,
      @Nullable String id,
      int predictedClass,
      double[] probabilities,
      double value,
      @Nullable Double actual,
      long modelVersion,
      boolean late) {
    this.key = Objects.requireNonNull(key, "key");
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    this.id = id;
    this.predictedClass = predictedClass;
    this.probabilities = probabilities;
    this.value = value;
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

  /**
   * A classifier's prediction, for predictions made outside {@link PrequentialLearning} (to score
   * them with {@code PrequentialMetrics}, say): the predicted class is the most probable one.
   *
   * @param probabilities per-class probabilities, class {@code c} at index {@code c}
   * @param actual the label revealed afterwards, or null
   */
  public static Prediction ofClasses(
      String key,
      Instant timestamp,
      @Nullable String id,
      double[] probabilities,
      @Nullable Double actual,
      long modelVersion) {
    if (probabilities == null || probabilities.length < 2) {
      throw new IllegalArgumentException("a classifier's prediction has at least 2 probabilities");
    }
    return new Prediction(
        key,
        timestamp,
        id,
        PrequentialLearning.argMax(probabilities),
        probabilities.clone(),
        actual,
        modelVersion,
        false);
  }

  /** A regressor's prediction of {@code value}, without classes. */
  public static Prediction ofValue(
      String key,
      Instant timestamp,
      @Nullable String id,
      double value,
      @Nullable Double actual,
      long modelVersion) {
    return ofValue(key, timestamp, id, value, actual, modelVersion, false);
  }

  static Prediction ofValue(
      String key,
      Instant timestamp,
      @Nullable String id,
      double value,
      @Nullable Double actual,
      long modelVersion,
      boolean late) {
    return new Prediction(
        key, timestamp, id, -1, new double[0], value, actual, modelVersion, late);
  }

  /** What {@code OnlineModel.predict} gives for these probabilities. */
  private static double classifierValue(int predictedClass, double[] probabilities) {
    return probabilities.length == 2 ? probabilities[1] : predictedClass;
  }

  /**
   * The regression value, {@code P(class = 1)} of a binary classifier, or the most probable class
   * of a multi-class classifier.
   */
  public double value() {
    return value;
  }

  /** Whether a regressor made this prediction: no classes nor probabilities. */
  public boolean isRegression() {
    return probabilities.length == 0;
  }

  /** Probability the model gave the predicted class; NaN for a regression. */
  public double probability() {
    return isRegression() ? Double.NaN : probabilities[predictedClass];
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
        && Double.compare(value, that.value) == 0
        && Objects.equals(actual, that.actual)
        && modelVersion == that.modelVersion
        && late == that.late;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, timestamp, id, predictedClass, value, actual, modelVersion, late)
        + 31 * Arrays.hashCode(probabilities);
  }

  @Override
  public String toString() {
    return "Prediction{key="
        + key
        + ", timestamp="
        + timestamp
        + (id == null ? "" : ", id=" + id)
        + (isRegression()
            ? ", value=" + value
            : ", predicted="
                + predictedClass
                + ", probabilities="
                + Arrays.toString(probabilities))
        + (actual == null ? "" : ", actual=" + actual)
        + ", modelVersion="
        + modelVersion
        + (late ? ", late" : "")
        + "}";
  }
}
