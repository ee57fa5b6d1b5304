package dev.streamml.launchers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@link JobMetrics} against an HTTP server on 127.0.0.1 that answers like a Flink 1.19 JobManager
 * did for the anomaly pipeline (the metric ids and values below were copied from a real cluster's
 * answers): counters summed over subtasks and operators, distributions combined.
 */
public class JobMetricsTest {

  private static final String JOB = "e9da4b6d43bc08035fcaad62ee39e7e4";
  private static final String SOURCE = "6aced228e7e9bfc2da660d2d2f5d72bc";
  private static final String SCORE = "4f4de9b30b54846d881f50a176686ee6";
  private static final String PARSE = "ParseEvents/ParseRecords";
  private static final String DETECT =
      "DetectAnomalies/ScoreInEventTimeOrder/ParMultiDo(ScoreInEventTimeOrder)";

  /** Metric id to value, per vertex, as the JobManager's metric store holds them. */
  private final Map<String, Map<String, String>> store = new LinkedHashMap<>();
  private HttpServer server;

  @Before
  public void serve() throws IOException {
    Map<String, String> source = new LinkedHashMap<>();
    source.put("0." + PARSE + ".streamml_events_parsed", "150");
    source.put("1." + PARSE + ".streamml_events_parsed", "90");
    source.put("0." + PARSE + ".streamml_events_dead_letters", "3");
    source.put("0." + PARSE + ".numRecordsIn", "153");
    source.put("0.numRecordsIn", "153");
    Map<String, String> score = new LinkedHashMap<>();
    score.put("0." + DETECT + ".streamml_anomaly_scored", "150");
    score.put("1." + DETECT + ".streamml_anomaly_scored", "90");
    score.put(
        "0." + DETECT + ".streamml_anomaly_score_per_mille",
        "DistributionResult{sum=60000, count=150, min=0, max=1000}");
    score.put(
        "1." + DETECT + ".streamml_anomaly_score_per_mille",
        "DistributionResult{sum=30000, count=90, min=12, max=995}");
    store.put(SOURCE, source);
    store.put(SCORE, score);

    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jobs/",
        exchange -> {
          String path = exchange.getRequestURI().getRawPath();
          String query = exchange.getRequestURI().getRawQuery();
          String body;
          if (path.equals("/jobs/" + JOB)) {
            body =
                "{\"jid\":\"" + JOB + "\",\"name\":\"anomaly\",\"state\":\"RUNNING\",\"vertices\":["
                    + "{\"id\":\"" + SOURCE + "\",\"name\":\"Source: ReadEvents\",\"parallelism\":2},"
                    + "{\"id\":\"" + SCORE + "\",\"name\":\"" + DETECT + "\",\"parallelism\":2}]}";
          } else {
            String vertex = path.split("/")[4];
            Map<String, String> metrics = store.get(vertex);
            if (query == null) {
              body =
                  metrics.keySet().stream()
                      .map(id -> "{\"id\":\"" + id + "\"}")
                      .collect(Collectors.joining(",", "[", "]"));
            } else {
              List<String> wanted =
                  List.of(
                      URLDecoder.decode(query.substring("get=".length()), StandardCharsets.UTF_8)
                          .split(","));
              body =
                  wanted.stream()
                      .map(id -> "{\"id\":\"" + id + "\",\"value\":\"" + metrics.get(id) + "\"}")
                      .collect(Collectors.joining(",", "[", "]"));
            }
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  @After
  public void stop() {
    server.stop(0);
  }

  @Test
  public void countersAreSummedOverSubtasksAndDistributionsCombined() {
    JobMetrics metrics =
        JobMetrics.read(
            FlinkRest.at("127.0.0.1:" + server.getAddress().getPort()), JOB, "streamml.");
    assertEquals(240, metrics.counter("streamml.events.parsed"));
    assertEquals(240, metrics.counter("streamml_events_parsed"));
    assertEquals(3, metrics.counter("streamml.events.dead_letters"));
    assertEquals(240, metrics.counter("streamml.anomaly.scored"));
    assertEquals(-1, metrics.counter("streamml.anomaly.late_events"));
    assertEquals(-1, metrics.counter("numRecordsIn")); // Flink's own metrics are left out
    JobMetrics.Distribution scores = metrics.distribution("streamml.anomaly.score_per_mille");
    assertEquals(240, scores.count);
    assertEquals(90000, scores.sum);
    assertEquals(0, scores.min);
    assertEquals(1000, scores.max);
    assertEquals(375.0, scores.mean(), 1e-9);
    assertNull(metrics.distribution("streamml.anomaly.scored"));
    assertEquals(
        List.of(
            "  streamml_anomaly_scored                      240",
            "  streamml_events_dead_letters                 3",
            "  streamml_events_parsed                       240",
            "  streamml_anomaly_score_per_mille             n=240 min=0 mean=375.0 max=1000"),
        metrics.lines());
  }

  @Test
  public void uiMetricIdsGiveTheMetricName() {
    assertEquals(
        "streamml_events_parsed",
        JobMetrics.metricName("1." + PARSE + ".streamml_events_parsed", "streamml."));
    assertNull(JobMetrics.metricName("0." + PARSE + ".numRecordsIn", "streamml."));
    assertNull(JobMetrics.metricName("buffers.streamml_x", "streamml."));
  }
}
