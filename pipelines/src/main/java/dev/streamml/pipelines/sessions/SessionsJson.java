package dev.streamml.pipelines.sessions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamml.anomaly.AnomalyResult;
import dev.streamml.sessions.LogRequest;
import dev.streamml.sessions.Session;
import dev.streamml.sessions.SessionFeatures;
import dev.streamml.sessions.TopItem;
import dev.streamml.sessions.TrafficWindow;
import dev.streamml.windowing.LateElement;
import java.util.List;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;

/**
 * The JSON records of the sessions pipeline's topics: one session pane, one traffic window pane,
 * one scored session (alerts), one request too late for its windows.
 *
 * <pre>{@code
 * String json = SessionsJson.session(session);
 * // {"host":"...","window_start":"...","window_end":"...","start":"...","end":"...",
 * //  "duration_s":..,"requests":..,"bytes":..,"distinct_urls":..,"errors":..,"error_ratio":..,
 * //  "requests_per_minute":..,"mean_gap_s":..,"max_gap_s":..,"pane":{"timing":"ON_TIME",...}}
 * }</pre>
 */
public final class SessionsJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SessionsJson() {}

  /** One session pane. */
  public static String session(Session session) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("host", session.host());
    json.put("window_start", session.windowStart().toString());
    json.put("window_end", session.windowEnd().toString());
    SessionFeatures f = session.features();
    json.put("start", f.start().toString());
    json.put("end", f.end().toString());
    json.put("duration_s", f.durationSeconds());
    json.put("requests", f.requests());
    json.put("bytes", f.bytes());
    json.put("distinct_urls", f.distinctUrls());
    json.put("errors", f.errors());
    json.put("error_ratio", f.errorRatio());
    json.put("requests_per_minute", f.requestsPerMinute());
    json.put("mean_gap_s", f.meanGapSeconds());
    json.put("max_gap_s", f.maxGapSeconds());
    ObjectNode pane = json.putObject("pane");
    pane.put("timing", session.timing().name());
    pane.put("index", session.paneIndex());
    pane.put("final", session.isFinal());
    return json.toString();
  }

  /** One traffic window pane. */
  public static String traffic(TrafficWindow window) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("window_start", window.windowStart().toString());
    json.put("window_end", window.windowEnd().toString());
    json.put("requests", window.requests());
    json.put("requests_per_s", window.requestsPerSecond());
    json.put("bytes", window.bytes());
    json.put("errors", window.errors());
    json.put("error_ratio", window.errorRatio());
    items(json.putArray("top_urls"), "url", window.topUrls());
    items(json.putArray("top_hosts"), "host", window.topHosts());
    ObjectNode pane = json.putObject("pane");
    pane.put("timing", window.timing().name());
    pane.put("index", window.paneIndex());
    pane.put("final", window.isFinal());
    return json.toString();
  }

  private static void items(ArrayNode array, String name, List<TopItem> items) {
    for (TopItem item : items) {
      array
          .addObject()
          .put(name, item.item())
          .put("count", item.estimate())
          .put("lower_bound", item.lowerBound())
          .put("upper_bound", item.upperBound());
    }
  }

  /** A scored session: its id ({@code host@window_start}), score, label and features. */
  public static String scoredSession(AnomalyResult result) {
    ObjectNode json = MAPPER.createObjectNode();
    String id = result.event().getId();
    json.put("session", id);
    json.put("host", id == null ? "" : id.substring(0, id.lastIndexOf('@')));
    json.put("window_end", result.timestamp().plus(1).toString());
    json.put("score", result.score());
    json.put("label", result.label().name());
    json.put("threshold", result.threshold());
    json.put("detector", result.detectorId());
    json.put("model_version", result.modelVersion());
    json.put("late", result.isLate());
    ObjectNode features = json.putObject("features");
    result.event().features().forEach(features::put);
    return json.toString();
  }

  /** A request too late for its windows; {@code stage} says whose (sessions or traffic). */
  public static String late(LateElement<String, LogRequest> late, String stage) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("stage", stage);
    json.put("host", late.key());
    LogRequest request = late.value();
    json.put("timestamp", request.getTimestamp().toString());
    json.put("method", request.getMethod());
    json.put("url", request.getUrl());
    json.put("status", request.getStatus());
    json.put("bytes", request.getBytes());
    ArrayNode windows = json.putArray("windows");
    for (IntervalWindow window : late.windows()) {
      windows.addObject().put("start", window.start().toString()).put("end", window.end().toString());
    }
    json.put("watermark", late.inputWatermark().toString());
    json.put("lateness_ms", late.lateness().getMillis());
    return json.toString();
  }
}
