package dev.streamml.pipelines.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamml.events.Event;
import dev.streamml.features.WindowFeatures;
import dev.streamml.windowing.LateElement;
import javax.annotation.Nullable;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.joda.time.Instant;

/**
 * JSON layouts of pipeline outputs. Times are ISO-8601 UTC text; statistics that are undefined
 * (the variance of one value, say) are {@code null}.
 *
 * <p>Feature window: {@code {"key", "feature", "window_start", "window_end", "count", "sum",
 * "mean", "variance", "stddev", "min", "max", "p50", "p90", "p99", "first", "first_timestamp",
 * "last", "last_timestamp", "rate_per_s", "pane": {"timing", "index", "final"}}}.
 *
 * <p>Late event: {@code {"key", "timestamp", "features": {...}, "windows": [{"start", "end"}],
 * "watermark", "lateness_ms"}}.
 *
 * <pre>{@code
 * String json = JsonRecords.features(windowFeatures);
 * }</pre>
 */
public final class JsonRecords {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonRecords() {}

  /** One feature window pane as JSON. */
  public static String features(WindowFeatures window) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("key", window.getKey());
    json.put("feature", window.getFeatureName());
    json.put("window_start", window.getWindowStart().toString());
    json.put("window_end", window.getWindowEnd().toString());
    json.put("count", window.getCount());
    number(json, "sum", window.getSum());
    number(json, "mean", window.getMean());
    number(json, "variance", window.getVariance());
    number(json, "stddev", window.getStddev());
    number(json, "min", window.getMin());
    number(json, "max", window.getMax());
    number(json, "p50", window.getP50());
    number(json, "p90", window.getP90());
    number(json, "p99", window.getP99());
    number(json, "first", window.getFirstValue());
    time(json, "first_timestamp", window.getFirstTimestamp());
    number(json, "last", window.getLastValue());
    time(json, "last_timestamp", window.getLastTimestamp());
    number(json, "rate_per_s", window.getRate());
    ObjectNode pane = json.putObject("pane");
    pane.put("timing", window.getPaneTiming().name());
    pane.put("index", window.getPaneIndex());
    pane.put("final", window.isFinal());
    return json.toString();
  }

  /** An event that came later than its windows' allowed lateness, as JSON. */
  public static String lateElement(LateElement<String, Event> late) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("key", late.key());
    json.put("timestamp", late.timestamp().toString());
    ObjectNode features = json.putObject("features");
    late.value().features().forEach(features::put);
    ArrayNode windows = json.putArray("windows");
    for (IntervalWindow window : late.windows()) {
      windows.addObject().put("start", window.start().toString()).put("end", window.end().toString());
    }
    json.put("watermark", late.inputWatermark().toString());
    json.put("lateness_ms", late.lateness().getMillis());
    return json.toString();
  }

  private static void number(ObjectNode json, String field, double value) {
    if (Double.isFinite(value)) {
      json.put(field, value);
    } else {
      json.putNull(field);
    }
  }

  private static void time(ObjectNode json, String field, @Nullable Instant value) {
    if (value == null) {
      json.putNull(field);
    } else {
      json.put(field, value.toString());
    }
  }
}
