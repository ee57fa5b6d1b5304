package dev.streamml.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.joda.time.Instant;

/**
 * Output of a fault test against the uninterrupted expectation: results found, duplicates (the
 * same event's result more than once), losses (an expected result missing), mismatches (a result
 * that differs from the uninterrupted run's: score, label, model version or late flag) and
 * unexpected results.
 */
final class Tally {

  private static final ObjectMapper JSON = new ObjectMapper();

  final int expected;
  final int records;
  final int found;
  final int duplicates;
  final int losses;
  final List<String> mismatches = new ArrayList<>();
  final List<String> unexpected = new ArrayList<>();

  private Tally(
      Map<String, FaultScenario.Expected> expected, List<ConsumerRecord<String, String>> output) {
    Map<String, Integer> seen = new HashMap<>();
    for (ConsumerRecord<String, String> record : output) {
      JsonNode json = read(record.value());
      String key = json.get("key").asText();
      long millis = Instant.parse(json.get("timestamp").asText()).getMillis();
      String id = FaultScenario.id(key, millis);
      seen.merge(id, 1, Integer::sum);
      FaultScenario.Expected want = expected.get(id);
      if (want == null) {
        unexpected.add(id + " " + record.value());
        continue;
      }
      boolean same =
          key.equals(record.key())
              && want.value == json.get("features").get("value").asDouble()
              && want.score == json.get("score").asDouble()
              && want.label.equals(json.get("label").asText())
              && want.version == json.get("model_version").asLong()
              && !json.get("late").asBoolean();
      if (!same && mismatches.size() < 1000) {
        mismatches.add(id + " expected score=" + want.score + " label=" + want.label + " version="
            + want.version + ", got " + record.value());
      }
    }
    this.expected = expected.size();
    this.records = output.size();
    this.found = (int) seen.keySet().stream().filter(expected::containsKey).count();
    this.duplicates = seen.values().stream().mapToInt(n -> n - 1).sum();
    TreeSet<String> missing = new TreeSet<>(expected.keySet());
    missing.removeAll(seen.keySet());
    this.losses = missing.size();
  }

  static Tally of(
      Map<String, FaultScenario.Expected> expected, List<ConsumerRecord<String, String>> output) {
    return new Tally(expected, output);
  }

  /** The figures as one line, for the test log and docs/operations.md. */
  String figures() {
    return "results expected=" + expected + " found=" + found + " records=" + records
        + " duplicates=" + duplicates + " losses=" + losses + " mismatched=" + mismatches.size()
        + " unexpected=" + unexpected.size();
  }

  private static JsonNode read(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("output record is not JSON: " + text, e);
    }
  }
}
