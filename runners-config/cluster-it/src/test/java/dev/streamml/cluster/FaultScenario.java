package dev.streamml.cluster;

import dev.streamml.anomaly.AnomalyDetection;
import dev.streamml.anomaly.AnomalyDetector;
import dev.streamml.pipelines.anomaly.DetectorCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The events of a fault test and the results an uninterrupted run must give: {@value #KEYS} keys,
 * two per input partition, one event a minute each, with a few spikes, then one sentinel per
 * partition 12 hours later whose only job is to move the watermark past every real event (the
 * pipeline scores a key in event-time order, once the watermark has passed an event).
 *
 * <p>The expected results come from the same detector fed each key's values in event-time order
 * in this JVM: what a run that never failed produces (AnomalyPipelineIT checks that the pipeline
 * equals this replay on the Direct runner and embedded Flink). A run that lost a key's model state
 * would restart its model versions and scores, and would not match.
 */
final class FaultScenario {

  static final int KEYS = 4;
  static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
  static final String SENTINEL_PREFIX = "sentinel-p";
  /**
   * A running mean and variance per key: warm after a few events, so the spikes are OUTLIERs, and
   * every score depends on all of the key's earlier values (knn-conformal needs more events to warm
   * up than a test of a few minutes can afford).
   */
  static final String DETECTOR = "zscore";

  final int eventsPerKey;

  FaultScenario(int eventsPerKey) {
    this.eventsPerKey = eventsPerKey;
  }

  /** One record to send: partition, key, JSON value, and the event's identity. */
  static final class Event {
    final int partition;
    final String key;
    final long eventMillis;
    final double value;

    Event(int partition, String key, long eventMillis, double value) {
      this.partition = partition;
      this.key = key;
      this.eventMillis = eventMillis;
      this.value = value;
    }

    String id() {
      return FaultScenario.id(key, eventMillis);
    }

    String json() {
      return "{\"key\":\"" + key + "\",\"timestamp\":" + eventMillis + ",\"value\":" + value + "}";
    }
  }

  /** What an uninterrupted run writes for one event. */
  static final class Expected {
    final double value;
    final double score;
    final String label;
    final long version;

    Expected(double value, double score, String label, long version) {
      this.value = value;
      this.score = score;
      this.label = label;
      this.version = version;
    }
  }

  static String id(String key, long eventMillis) {
    return key + "@" + new Instant(eventMillis);
  }

  static String key(int k) {
    return "sensor-" + k;
  }

  /** Events in send order: round i carries event i of every key; per partition time only rises. */
  List<Event> events() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < eventsPerKey; i++) {
      long millis = T0.plus(Duration.standardMinutes(i)).getMillis();
      for (int k = 0; k < KEYS; k++) {
        events.add(new Event(k % 2, key(k), millis, value(k, i)));
      }
    }
    return events;
  }

  /** The sentinels, one per input partition, after every real event. */
  List<Event> sentinels() {
    long millis = T0.plus(Duration.standardMinutes(eventsPerKey)).plus(Duration.standardHours(12))
        .getMillis();
    return List.of(
        new Event(0, SENTINEL_PREFIX + 0, millis, 0.0), new Event(1, SENTINEL_PREFIX + 1, millis, 0.0));
  }

  /** A smooth, key-specific signal with a spike now and then, so some results are outliers. */
  static double value(int k, int i) {
    if (i > 30 && (i * 7 + k * 13) % 53 == 0) {
      return 500.0 + k;
    }
    return 10.0 * (k + 1) + Math.sin((i + 3 * k) / 4.0) + ((i * 31 + k * 17) % 10) / 100.0;
  }

  /** Expected results by {@link #id}, for every real event (sentinels have none). */
  Map<String, Expected> expected() {
    Map<String, Expected> expected = new TreeMap<>();
    for (int k = 0; k < KEYS; k++) {
      AnomalyDetector detector = DetectorCatalog.named(DETECTOR);
      for (int i = 0; i < eventsPerKey; i++) {
        double value = value(k, i);
        double[] point = {value};
        boolean warm = detector.isWarm();
        double score = detector.score(point);
        detector.learn(point);
        String label =
            !warm ? "WARMUP" : score >= AnomalyDetection.DEFAULT_THRESHOLD ? "OUTLIER" : "NORMAL";
        expected.put(
            id(key(k), T0.plus(Duration.standardMinutes(i)).getMillis()),
            new Expected(value, score, label, i));
      }
    }
    return expected;
  }
}
