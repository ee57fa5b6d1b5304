package dev.streamml.anomaly;

import dev.streamml.anomaly.threshold.Threshold;
import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * What {@link AnomalyDetection} should output, computed by a plain loop over each key's events
 * sorted by timestamp (ties by encoded bytes), and the small deterministic detector the tests use.
 * Written without the transform's helpers, so that a bug there does not hide in the expectation.
 */
final class AnomalyDetectionReference {
  private final AnomalyDetector prototype;
  private final Threshold threshold;
  private final Duration idleTimeout;

  AnomalyDetectionReference(AnomalyDetector prototype, Threshold threshold, Duration idleTimeout) {
    this.prototype = prototype;
    this.threshold = threshold;
    this.idleTimeout = idleTimeout;
  }

  /** The results of on-time {@code events}, whatever order they are given in. */
  List<AnomalyResult> expected(List<TimestampedValue<Event>> events) {
    Map<String, List<TimestampedValue<Event>>> byKey = new LinkedHashMap<>();
    for (TimestampedValue<Event> event : events) {
      byKey.computeIfAbsent(event.getValue().getKey(), k -> new ArrayList<>()).add(event);
    }
    List<AnomalyResult> results = new ArrayList<>();
    for (List<TimestampedValue<Event>> keyEvents : byKey.values()) {
      List<TimestampedValue<Event>> sorted = new ArrayList<>(keyEvents);
      sorted.sort(
          Comparator.<TimestampedValue<Event>, Instant>comparing(TimestampedValue::getTimestamp)
              .thenComparing((a, b) -> Arrays.compareUnsigned(bytes(a), bytes(b))));
      KeyModel model = new KeyModel();
      for (TimestampedValue<Event> event : sorted) {
        results.add(model.scoreAndLearn(event));
      }
    }
    return results;
  }

  /** A new key's model, to replay a scenario with late events step by step. */
  KeyModel newKey() {
    return new KeyModel();
  }

  /** One key's model, restarted after the idle timeout. */
  final class KeyModel {
    private AnomalyDetector detector;
    private Threshold keyThreshold;
    private long version;
    private Instant lastLearned;

    /** Scores, then learns; starts over first if the key was idle for the timeout. */
    AnomalyResult scoreAndLearn(TimestampedValue<Event> event) {
      if (detector == null || !event.getTimestamp().isBefore(lastLearned.plus(idleTimeout))) {
        detector = prototype.copy();
        keyThreshold = threshold.copy();
        version = 0;
      }
      AnomalyResult result = score(event, false);
      detector.learn(event.getValue().values());
      if (result.label() != AnomalyLabel.WARMUP) {
        keyThreshold.update(result.score());
      }
      version++;
      lastLearned = event.getTimestamp();
      return result;
    }

    /** The result of a late event: scored by the current model, not learned. */
    AnomalyResult scoreLate(TimestampedValue<Event> event) {
      return score(event, true);
    }

    private AnomalyResult score(TimestampedValue<Event> event, boolean late) {
      double score = detector.score(event.getValue().values());
      AnomalyLabel label;
      if (!detector.isWarm()) {
        label = AnomalyLabel.WARMUP;
      } else if (keyThreshold.isAnomaly(score)) {
        label = AnomalyLabel.OUTLIER;
      } else {
        label = AnomalyLabel.NORMAL;
      }
      return AnomalyResult.builder(event.getValue())
          .timestamp(event.getTimestamp())
          .score(score)
          .label(label)
          .threshold(keyThreshold.value())
          .detectorId(detector.id())
          .modelVersion(version)
          .late(late)
          .build();
    }
  }

  /** The same results under another key: what a key with the same events must get. */
  static List<AnomalyResult> rekeyed(List<AnomalyResult> results, String key) {
    List<AnomalyResult> rekeyed = new ArrayList<>();
    for (AnomalyResult result : results) {
      Event event = result.event();
      Event.Builder copy = Event.builder(key, event.getTimestamp()).id(event.getId());
      for (Map.Entry<String, Double> feature : event.features().entrySet()) {
        copy.feature(feature.getKey(), feature.getValue());
      }
      rekeyed.add(
          AnomalyResult.builder(copy.label(event.getLabel()).build())
              .timestamp(result.timestamp())
              .score(result.score())
              .label(result.label())
              .threshold(result.threshold())
              .detectorId(result.detectorId())
              .modelVersion(result.modelVersion())
              .memberScores(result.memberScores())
              .late(result.isLate())
              .build());
    }
    return rekeyed;
  }

  /** The results of {@code key}, in the order given. */
  static List<AnomalyResult> ofKey(List<AnomalyResult> results, String key) {
    List<AnomalyResult> ofKey = new ArrayList<>();
    for (AnomalyResult result : results) {
      if (result.key().equals(key)) {
        ofKey.add(result);
      }
    }
    return Collections.unmodifiableList(ofKey);
  }

  private static byte[] bytes(TimestampedValue<Event> event) {
    try {
      return CoderUtils.encodeToByteArray(EventCoder.of(), event.getValue());
    } catch (CoderException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An exponentially weighted mean of the first feature (weight 1/2 on the newest point): the score
   * of x is {@code d / (d + 1)} with {@code d = |x - mean|}, so the threshold 0.9 means {@code d >=
   * 9}. Scores depend on the order points were learned in, which is what the tests need to see.
   * Warm after {@code minPoints} points.
   */
  static final class EwmaDetector implements AnomalyDetector {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final int minPoints;
    private long count;
    private double mean;

    EwmaDetector(String id, int minPoints) {
      this.id = id;
      this.minPoints = minPoints;
    }

    EwmaDetector(int minPoints) {
      this("ewma", minPoints);
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public boolean isWarm() {
      return count >= minPoints;
    }

    @Override
    public double score(double[] point) {
      if (count == 0) {
        return 0.0;
      }
      double deviation = Math.abs(point[0] - mean);
      return deviation / (deviation + 1.0);
    }

    @Override
    public void learn(double[] point) {
      mean = count == 0 ? point[0] : mean + 0.5 * (point[0] - mean);
      count++;
    }

    @Override
    public long count() {
      return count;
    }

    @Override
    public EwmaDetector copy() {
      EwmaDetector copy = new EwmaDetector(id, minPoints);
      copy.count = count;
      copy.mean = mean;
      return copy;
    }

    @Override
    public String toString() {
      return "EwmaDetector{" + id + ", minPoints=" + minPoints + "}";
    }
  }
}
