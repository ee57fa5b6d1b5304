package dev.streamml.pipelines.anomaly;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamml.anomaly.AnomalyLabel;
import dev.streamml.anomaly.AnomalyResult;
import dev.streamml.events.Event;
import java.util.LinkedHashMap;
import java.util.Map;
import org.joda.time.Instant;
import org.junit.Test;

public class AnomalyJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2013-12-15T20:20:00Z");

  @Test
  public void aResultHasItsKeyTimeFeaturesScoreLabelAndModel() throws Exception {
    double score = 1000.0 / 1001.0;
    AnomalyResult result =
        AnomalyResult.builder(Event.of("machine-7", AT, 94.02465956))
            .score(score)
            .label(AnomalyLabel.OUTLIER)
            .threshold(0.99)
            .detectorId("knn-conformal")
            .modelVersion(2411)
            .build();

    JsonNode json = JSON.readTree(AnomalyJson.of(result));

    assertEquals("machine-7", json.get("key").asText());
    assertEquals("2013-12-15T20:20:00.000Z", json.get("timestamp").asText());
    assertEquals(94.02465956, json.get("features").get("value").asDouble(), 0.0);
    assertEquals("scores are written exactly", score, json.get("score").asDouble(), 0.0);
    assertEquals("OUTLIER", json.get("label").asText());
    assertEquals(0.99, json.get("threshold").asDouble(), 0.0);
    assertEquals("knn-conformal", json.get("detector").asText());
    assertEquals(2411, json.get("model_version").asLong());
    assertFalse(json.get("late").asBoolean());
    assertFalse(json.has("members"));
    assertFalse(json.has("event_label"));
    assertFalse(json.has("event_id"));
  }

  @Test
  public void ensembleMembersAndTheEventsOwnLabelAndIdAreIncludedWhenPresent() throws Exception {
    Map<String, Double> members = new LinkedHashMap<>();
    members.put("knn-conformal", 0.25);
    members.put("zscore", 0.75);
    Event event =
        Event.builder("k", AT)
            .feature("cpu", 0.5)
            .feature("mem", 2.0)
            .label(1.0)
            .id("row-3")
            .build();
    AnomalyResult result =
        AnomalyResult.builder(event)
            .timestamp(AT.plus(1000))
            .score(0.5)
            .label(AnomalyLabel.WARMUP)
            .threshold(0.9)
            .detectorId("ensemble-mean")
            .modelVersion(0)
            .memberScores(members)
            .late(true)
            .build();

    JsonNode json = JSON.readTree(AnomalyJson.of(result));

    assertEquals("2013-12-15T20:20:01.000Z", json.get("timestamp").asText());
    assertEquals("{\"cpu\":0.5,\"mem\":2.0}", json.get("features").toString());
    assertEquals("{\"knn-conformal\":0.25,\"zscore\":0.75}", json.get("members").toString());
    assertEquals(1.0, json.get("event_label").asDouble(), 0.0);
    assertEquals("row-3", json.get("event_id").asText());
    assertEquals(true, json.get("late").asBoolean());
  }
}
