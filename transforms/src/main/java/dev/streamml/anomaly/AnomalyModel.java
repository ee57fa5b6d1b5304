package dev.streamml.anomaly;

import dev.streamml.anomaly.threshold.EnsembleDetector;
import dev.streamml.anomaly.threshold.Threshold;
import dev.streamml.events.Event;
import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.joda.time.Instant;

/**
 * One key's model in {@link AnomalyDetection}: its detector, its threshold (which may learn from
 * the key's scores) and its version, the number of points it learned.
 *
 * <p>Scoring never changes the model; {@link #learn} is the only update, called for on-time events
 * in event-time order. Late events are scored, not learned, so the model stays a function of the
 * on-time events in order.
 */
final class AnomalyModel implements Serializable {
  private static final long serialVersionUID = 1L;

  private final AnomalyDetector detector;
  private final Threshold threshold;
  private long version;

  private AnomalyModel(AnomalyDetector detector, Threshold threshold) {
    this.detector = detector;
    this.threshold = threshold;
  }

  /** A new key's model: copies of the prototypes, version 0. */
  static AnomalyModel start(AnomalyDetector prototype, Threshold threshold) {
    return new AnomalyModel(prototype.copy(), threshold.copy());
  }

  /** Points learned so far. */
  long version() {
    return version;
  }

  /**
   * Scores {@code event}, output at {@code timestamp}, without learning it.
   *
   * @throws IllegalStateException if the detector breaks its contract with a score outside [0, 1]
   */
  AnomalyResult score(Event event, Instant timestamp, boolean late) {
    double[] point = event.values();
    boolean warm = detector.isWarm();
    Map<String, Double> members = Collections.emptyMap();
    double score;
    if (detector instanceof EnsembleDetector) {
      EnsembleDetector ensemble = (EnsembleDetector) detector;
      double[] memberScores = ensemble.scoreAll(point);
      score = ensemble.combine(memberScores);
      members = byMemberId(ensemble.memberIds(), memberScores);
    } else {
      score = detector.score(point);
    }
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalStateException(
          "detector '"
              + detector.id()
              + "' scored "
              + score
              + ", outside [0, 1], for the event "
              + event
              + "; AnomalyDetector#score must return a value in [0, 1]");
    }
    double cutOff = threshold.value();
    AnomalyLabel label =
        !warm
            ? AnomalyLabel.WARMUP
            : threshold.isAnomaly(score) ? AnomalyLabel.OUTLIER : AnomalyLabel.NORMAL;
    return AnomalyResult.builder(event)
        .timestamp(timestamp)
        .score(score)
        .label(label)
        .threshold(cutOff)
        .detectorId(detector.id())
        .modelVersion(version)
        .memberScores(members)
        .late(late)
        .build();
  }

  /**
   * Learns the event that {@code scored} is the result of: the detector learns the point, the
   * threshold the score if the detector was warm (warm-up scores say little about what is normal).
   */
  void learn(AnomalyResult scored) {
    detector.learn(scored.event().values());
    if (scored.label() != AnomalyLabel.WARMUP) {
      threshold.update(scored.score());
    }
    version++;
  }

  /**
   * Member scores keyed by member id; an id that several members share gets {@code #position}
   * appended (0-based, in member order), so that no score is lost.
   */
  private static Map<String, Double> byMemberId(List<String> ids, double[] scores) {
    Map<String, Integer> occurrences = new HashMap<>();
    for (String id : ids) {
      occurrences.merge(id, 1, Integer::sum);
    }
    Map<String, Double> byId = new LinkedHashMap<>();
    for (int i = 0; i < scores.length; i++) {
      String id = ids.get(i);
      byId.put(occurrences.get(id) > 1 ? id + "#" + i : id, scores[i]);
    }
    return byId;
  }
}
