package dev.streamml.pipelines.online;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamml.eval.stream.MetricsReport;
import dev.streamml.online.ModelSnapshot;
import dev.streamml.online.beam.KeyedModelSnapshot;
import dev.streamml.online.beam.Prediction;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.joda.time.Instant;

/**
 * The JSON layouts of the {@code online-learning} pipeline's topics.
 *
 * <p>Prediction: {@code {"key", "timestamp", "id", "model_version", "late", "value", "actual"}}
 * plus, for a classifier, {@code "predicted"} (the class) and {@code "probabilities"} (per class).
 * {@code value} is the regression value, or P(class 1) of a binary classifier; {@code id} and
 * {@code actual} are null when the event had none.
 *
 * <p>Model snapshot: {@code {"key", "version", "event_time", "model": {"model_id", "version",
 * "parameters": {"<name>": [numbers]}}}}, the {@link KeyedModelSnapshot} format; {@link
 * #snapshot(String)} reads it back, so a snapshots topic or file warm-starts a pipeline.
 *
 * <p>Unmatched label: {@code {"id", "label"}}, the layout of the label topic's records.
 *
 * <p>Metrics: {@code {"scope", "window_start", "window_end", "timing", "scored", "unlabelled",
 * "unscorable", "<figure>": number}}: {@code timing} is EARLY, ON_TIME, LATE or STREAM (whole
 * stream so far, {@code window_start} null); figures are {@code accuracy}, {@code kappa}, {@code
 * log_loss}, {@code roc_auc} or {@code mae}, {@code rmse}, null when undefined.
 *
 * <pre>{@code
 * String json = OnlineJson.prediction(prediction);
 * KeyedModelSnapshot restored = OnlineJson.snapshot(OnlineJson.snapshot(saved));
 * }</pre>
 */
public final class OnlineJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OnlineJson() {}

  /** One prediction as JSON. */
  public static String prediction(Prediction p) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("key", p.key());
    json.put("timestamp", p.timestamp().toString());
    json.put("id", p.id());
    json.put("model_version", p.modelVersion());
    json.put("late", p.isLate());
    number(json, "value", p.value());
    if (p.actual() == null) {
      json.putNull("actual");
    } else {
      number(json, "actual", p.actual());
    }
    if (!p.isRegression()) {
      json.put("predicted", p.predictedClass());
      ArrayNode probabilities = json.putArray("probabilities");
      for (double v : p.probabilities()) {
        probabilities.add(v);
      }
    }
    return json.toString();
  }

  /** One keyed model snapshot as JSON. */
  public static String snapshot(KeyedModelSnapshot s) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("key", s.key());
    json.put("version", s.version());
    json.put("event_time", s.eventTime().toString());
    ObjectNode model = json.putObject("model");
    model.put("model_id", s.snapshot().modelId());
    model.put("version", s.snapshot().version());
    ObjectNode parameters = model.putObject("parameters");
    for (Map.Entry<String, double[]> parameter : s.snapshot().parameters().entrySet()) {
      ArrayNode values = parameters.putArray(parameter.getKey());
      for (double v : parameter.getValue()) {
        // JSON has no NaN nor infinities: those go as strings, read back by snapshot(String).
        if (Double.isFinite(v)) {
          values.add(v);
        } else {
          values.add(Double.toString(v));
        }
      }
    }
    return json.toString();
  }

  /**
   * A keyed model snapshot from its JSON.
   *
   * @throws IllegalArgumentException if the text is not a snapshot of that layout
   */
  public static KeyedModelSnapshot snapshot(String text) {
    JsonNode json;
    try {
      json = MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    JsonNode model = required(json, "model");
    Map<String, double[]> parameters = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = required(model, "parameters").fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode values = field.getValue();
      if (!values.isArray()) {
        throw new IllegalArgumentException("parameter '" + field.getKey() + "' is not an array");
      }
      double[] array = new double[values.size()];
      for (int i = 0; i < array.length; i++) {
        JsonNode v = values.get(i);
        array[i] = v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble();
      }
      parameters.put(field.getKey(), array);
    }
    ModelSnapshot snapshot =
        ModelSnapshot.of(
            required(model, "model_id").asText(), required(model, "version").asLong(), parameters);
    return new KeyedModelSnapshot(
        required(json, "key").asText(),
        required(json, "version").asLong(),
        Instant.parse(required(json, "event_time").asText()),
        snapshot);
  }

  /** A label record, {@code {"id": ..., "label": ...}}, as on the label topic. */
  public static String label(String id, double label) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("id", id);
    number(json, "label", label);
    return json.toString();
  }

  /** One metrics report as JSON. */
  public static String metrics(MetricsReport report) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("scope", report.scope());
    json.put("window_start", report.windowStart() == null ? null : report.windowStart().toString());
    json.put("window_end", report.windowEnd().toString());
    json.put("timing", report.timing());
    json.put("scored", report.scored());
    json.put("unlabelled", report.unlabelled());
    json.put("unscorable", report.unscorable());
    report.figures().forEach((name, value) -> number(json, name, value));
    return json.toString();
  }

  private static JsonNode required(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return value;
  }

  private static void number(ObjectNode json, String field, double value) {
    if (Double.isFinite(value)) {
      json.put(field, value);
    } else {
      json.putNull(field);
    }
  }
}
