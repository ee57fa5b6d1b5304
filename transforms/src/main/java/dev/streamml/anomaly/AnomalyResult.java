package dev.streamml.anomaly;

import dev.streamml.events.Event;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.joda.time.Instant;

/**
 * The verdict of {@link AnomalyDetection} on one event: the event itself, its score in [0, 1], the
 * label, the threshold the label was decided with, the detector and the version of the key's model
 * that scored it, and the scores of ensemble members.
 *
 * <p>{@link #modelVersion()} is the number of points the key's model had learned before it scored
 * this event: 0 for the first event of a key, then 1, 2, ... in event-time order. It starts again
 * at 0 when the key's state was cleared after an idle timeout. Two results of a key with the same
 * version were scored by the same model (a {@linkplain #isLate() late} event shares the version of
 * the next on-time one, as it is not learned).
 *
 * <pre>{@code
 * results.apply(
 *     MapElements.into(TypeDescriptors.strings())
 *         .via(r -> r.key() + " " + r.timestamp() + " " + r.label() + " " + r.score()));
 * }</pre>
 *
 * <p>Encode it with {@link AnomalyResultCoder}, its default coder.
 */
@DefaultCoder(AnomalyResultCoder.class)
public final class AnomalyResult {
  private final Event event;
  private final Instant timestamp;
  private final double score;
  private final AnomalyLabel label;
  private final double threshold;
  private final String detectorId;
  private final long modelVersion;
  private final Map<String, Double> memberScores;
  private final boolean late;

  private AnomalyResult(Builder builder) {
    this.event = builder.event;
    this.timestamp = builder.timestamp;
    this.score = builder.score;
    this.label = builder.label;
    this.threshold = builder.threshold;
    this.detectorId = builder.detectorId;
    this.modelVersion = builder.modelVersion;
    this.memberScores = Collections.unmodifiableMap(new LinkedHashMap<>(builder.memberScores));
    this.late = builder.late;
  }

  /**
   * Starts a result for {@code event}; its timestamp defaults to the event's. Every other field
   * except the member scores (empty) and lateness (false) must be set.
   */
  public static Builder builder(Event event) {
    return new Builder(event);
  }

  /** The event's key: results of one key were scored by one model, in event-time order. */
  public String key() {
    return event.getKey();
  }

  /**
   * The event time the event was ordered and output by: the element timestamp it arrived with,
   * normally {@link Event#getTimestamp()}.
   */
  public Instant timestamp() {
    return timestamp;
  }

  /** The scored event, with its features, label and id. */
  public Event event() {
    return event;
  }

  /** The names of the features that were scored, in the order the detector saw them. */
  public List<String> featureNames() {
    return event.getFeatureNames();
  }

  /** A copy of the scored feature values, in the order of {@link #featureNames()}. */
  public double[] values() {
    return event.values();
  }

  /** How anomalous the event was, in [0, 1]; reported for WARMUP events too. */
  public double score() {
    return score;
  }

  public AnomalyLabel label() {
    return label;
  }

  /** Whether the label is {@link AnomalyLabel#OUTLIER}. */
  public boolean isOutlier() {
    return label == AnomalyLabel.OUTLIER;
  }

  /** The threshold the label was decided with: OUTLIER when a warm score is at least this. */
  public double threshold() {
    return threshold;
  }

  /** The {@link AnomalyDetector#id()} of the detector that scored the event. */
  public String detectorId() {
    return detectorId;
  }

  /** The number of points the key's model had learned before scoring this event. */
  public long modelVersion() {
    return modelVersion;
  }

  /** Scores of the members of an ensemble detector by member id; empty for a single detector. */
  public Map<String, Double> memberScores() {
    return memberScores;
  }

  /**
   * Whether the event came too late to be scored in event-time order: it was scored on arrival by
   * the key's current model, which had already learned later events, and was not learned.
   */
  public boolean isLate() {
    return late;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof AnomalyResult)) {
      return false;
    }
    AnomalyResult that = (AnomalyResult) other;
    return event.equals(that.event)
        && timestamp.equals(that.timestamp)
        && Double.compare(score, that.score) == 0
        && label == that.label
        && Double.compare(threshold, that.threshold) == 0
        && detectorId.equals(that.detectorId)
        && modelVersion == that.modelVersion
        && memberScores.equals(that.memberScores)
        && late == that.late;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        event, timestamp, score, label, threshold, detectorId, modelVersion, memberScores, late);
  }

  @Override
  public String toString() {
    return "AnomalyResult{key="
        + key()
        + ", timestamp="
        + timestamp
        + ", features="
        + event.features()
        + ", score="
        + score
        + ", label="
        + label
        + ", threshold="
        + threshold
        + ", detector="
        + detectorId
        + ", modelVersion="
        + modelVersion
        + (memberScores.isEmpty() ? "" : ", memberScores=" + memberScores)
        + (late ? ", late" : "")
        + "}";
  }

  /** Builds an {@link AnomalyResult}. */
  public static final class Builder {
    private final Event event;
    private Instant timestamp;
    private double score = Double.NaN;
    private @Nullable AnomalyLabel label;
    private double threshold = Double.NaN;
    private @Nullable String detectorId;
    private long modelVersion = -1;
    private Map<String, Double> memberScores = Collections.emptyMap();
    private boolean late;

    private Builder(Event event) {
      this.event = Objects.requireNonNull(event, "event");
      this.timestamp = event.getTimestamp();
    }

    public Builder timestamp(Instant newTimestamp) {
      this.timestamp = Objects.requireNonNull(newTimestamp, "timestamp");
      return this;
    }

    /** The score, in [0, 1]. */
    public Builder score(double newScore) {
      this.score = newScore;
      return this;
    }

    public Builder label(AnomalyLabel newLabel) {
      this.label = Objects.requireNonNull(newLabel, "label");
      return this;
    }

    /** The threshold, in [0, 1]. */
    public Builder threshold(double newThreshold) {
      this.threshold = newThreshold;
      return this;
    }

    public Builder detectorId(String newDetectorId) {
      this.detectorId = Objects.requireNonNull(newDetectorId, "detectorId");
      return this;
    }

    /** Points learned before scoring, at least 0. */
    public Builder modelVersion(long newModelVersion) {
      this.modelVersion = newModelVersion;
      return this;
    }

    /** Member scores by member id, kept in the map's iteration order. */
    public Builder memberScores(Map<String, Double> newMemberScores) {
      this.memberScores = Objects.requireNonNull(newMemberScores, "memberScores");
      return this;
    }

    public Builder late(boolean newLate) {
      this.late = newLate;
      return this;
    }

    /**
     * Builds the result.
     *
     * @throws IllegalStateException if a field is missing or out of range
     */
    public AnomalyResult build() {
      checkUnitInterval("score", score);
      checkUnitInterval("threshold", threshold);
      if (label == null) {
        throw new IllegalStateException("an anomaly result needs a label");
      }
      if (detectorId == null) {
        throw new IllegalStateException("an anomaly result needs a detector id");
      }
      if (modelVersion < 0) {
        throw new IllegalStateException(
            "the model version must be >= 0 (points learned), found " + modelVersion);
      }
      for (Map.Entry<String, Double> member : memberScores.entrySet()) {
        if (member.getKey() == null || member.getValue() == null) {
          throw new IllegalStateException("member scores need an id and a score: " + memberScores);
        }
      }
      return new AnomalyResult(this);
    }

    private static void checkUnitInterval(String name, double value) {
      if (!(value >= 0.0 && value <= 1.0)) {
        throw new IllegalStateException(
            "the " + name + " of an anomaly result must be in [0, 1], found " + value);
      }
    }
  }
}
