package dev.streamml.pipelines.anomaly;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamml.anomaly.AnomalyResult;
import dev.streamml.events.Event;

/**
 * The JSON layout of an {@link AnomalyResult} on the anomaly pipeline's topics:
 *
 * <pre>{@code
 * {"key": "machine-7", "timestamp": "2013-12-15T20:20:00.000Z", "features": {"value": 94.02},
 *  "score": 0.999, "label": "OUTLIER", "threshold": 0.99, "detector": "knn-conformal",
 *  "model_version": 2411, "late": false}
 * }</pre>
 *
 * <p>{@code timestamp} is the event time the result was ordered by (ISO-8601 UTC); {@code label} is
 * NORMAL, OUTLIER or WARMUP; {@code model_version} is the number of points the key's model had
 * learned. Present only when there is one: {@code members} (member id to score, for an ensemble),
 * {@code event_label} and {@code event_id} (the event's own label and id).
 */
public final class AnomalyJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AnomalyJson() {}

  /** {@code result} as one JSON object. */
  public static String of(AnomalyResult result) {
    ObjectNode json = MAPPER.createObjectNode();
    Event event = result.event();
    json.put("key", result.key());
    json.put("timestamp", result.timestamp().toString());
    ObjectNode features = json.putObject("features");
    event.features().forEach(features::put);
    json.put("score", result.score());
    json.put("label", result.label().name());
    json.put("threshold", result.threshold());
    json.put("detector", result.detectorId());
    json.put("model_version", result.modelVersion());
    json.put("late", result.isLate());
    if (!result.memberScores().isEmpty()) {
      ObjectNode members = json.putObject("members");
      result.memberScores().forEach(members::put);
    }
    if (event.getLabel() != null) {
      json.put("event_label", event.getLabel());
    }
    if (event.getId() != null) {
      json.put("event_id", event.getId());
    }
    return json.toString();
  }
}
