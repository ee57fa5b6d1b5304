package dev.streamml.sessions;

import static org.junit.Assert.assertEquals;

import dev.streamml.anomaly.AnomalyDetector;
import dev.streamml.anomaly.AnomalyResult;
import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.events.RawRecord;
import dev.streamml.events.RawRecordCoder;
import dev.streamml.features.PaneTiming;
import dev.streamml.testing.RunnerUnderTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * Both bundled NASA-HTTP samples through parsing, sessions, traffic figures and session scoring,
 * each output checked against an independent computation in plain Java: every session (host,
 * first and last request, requests, bytes, distinct URLs, errors, longest gap) against {@link
 * PlainSessions}, every traffic window against a loop over the rows, every session score against
 * the detector run by hand in event-time order. Subclasses run it on one runner each, so Direct
 * and Flink both agree exactly with the same reference.
 */
public abstract class SessionsOnBundledSamples {
  private static final Duration GAP = HostSessions.DEFAULT_GAP;

  @Rule public final transient TestPipeline pipeline;

  protected SessionsOnBundledSamples(RunnerUnderTest runner) {
    // Bundles of 1000 on Flink: this test is about results, not about watermark order within a
    // bundle (the TestStream scenarios run with bundles of 1).
    this.pipeline = runner.newPipeline("--maxBundleSize=1000");
  }

  @Test
  public void sessionsTrafficAndScoresMatchAnIndependentComputation() throws Exception {
    List<String> lines = new ArrayList<>();
    Map<String, Integer> expectedPerDay = new TreeMap<>();
    for (String sample : PlainSessions.SAMPLES) {
      List<String> sampleLines = PlainSessions.lines(sample);
      lines.addAll(sampleLines);
      expectedPerDay.put(
          sample,
          PlainSessions.sessions(PlainSessions.rows(sampleLines), GAP.getMillis()).size());
    }
    List<PlainSessions.Row> rows = PlainSessions.rows(lines);
    List<String> expectedSessions = PlainSessions.sessions(rows, GAP.getMillis());
    // The two days are a month apart: no host's session spans both.
    assertEquals(
        expectedSessions.size(), expectedPerDay.values().stream().mapToInt(i -> i).sum());
    System.out.println("SessionsOnBundledSamples: expected sessions per sample " + expectedPerDay);

    List<RawRecord> records = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      records.add(RawRecord.ofText(lines.get(i), "nasa", new Instant(rows.get(i).millis)));
    }
    ParseAccessLog.Result parsed =
        pipeline
            .apply("Lines", Create.of(records).withCoder(RawRecordCoder.of()))
            .apply("Parse", ParseAccessLog.with(AccessLogFormat.AUTO));
    HostSessions.Result sessions = parsed.requests().apply("Sessions", HostSessions.create());
    TrafficFigures.Result traffic =
        parsed.requests().apply("Traffic", TrafficFigures.of(TrafficFigures.DEFAULT_WINDOW));
    PCollection<AnomalyResult> scores =
        sessions.sessions().apply("Score", SuspiciousSessions.create());

    PAssert.that(parsed.deadLetters()).empty();
    PAssert.that(sessions.tooLate()).empty();
    PAssert.that(traffic.tooLate()).empty();
    PAssert.that(
            sessions
                .sessions()
                .apply(
                    "DescribeSessions",
                    MapElements.into(TypeDescriptors.strings()).via(PlainSessions::describe)))
        .containsInAnyOrder(expectedSessions);
    PAssert.that(
            traffic
                .windows()
                .apply(
                    "DescribeWindows",
                    MapElements.into(TypeDescriptors.strings())
                        .via(SessionsOnBundledSamples::describe)))
        .containsInAnyOrder(expectedTraffic(rows));
    PAssert.that(
            scores.apply(
                "DescribeScores",
                MapElements.into(TypeDescriptors.strings())
                    .via(SessionsOnBundledSamples::describe)))
        .containsInAnyOrder(expectedScores(expectedSessions));
    pipeline.run().waitUntilFinish();
  }

  // --- traffic: a loop over the rows, per window of sliding:5m/1m -------------------------------

  static String describe(TrafficWindow window) {
    return window.windowStart().getMillis() + "|" + window.timing() + "|" + window.requests()
        + "|" + window.bytes() + "|" + window.errors() + "|" + items(window.topUrls()) + "|"
        + items(window.topHosts());
  }

  private static String items(List<TopItem> items) {
    return items.stream()
        .map(item -> item.item() + "=" + item.lowerBound() + ".." + item.upperBound())
        .collect(Collectors.joining(","));
  }

  private static List<String> expectedTraffic(List<PlainSessions.Row> rows) {
    long period = 60_000;
    long size = 5 * period;
    Map<Long, List<PlainSessions.Row>> byWindow = new TreeMap<>();
    for (PlainSessions.Row row : rows) {
      long lastStart = Math.floorDiv(row.millis, period) * period;
      for (long start = lastStart; start > row.millis - size; start -= period) {
        byWindow.computeIfAbsent(start, s -> new ArrayList<>()).add(row);
      }
    }
    List<String> expected = new ArrayList<>();
    byWindow.forEach(
        (start, inWindow) -> {
          long bytes = inWindow.stream().mapToLong(r -> r.bytes).sum();
          long errors = inWindow.stream().filter(r -> r.status >= 400).count();
          Map<String, Long> urls = new HashMap<>();
          Map<String, Long> hosts = new HashMap<>();
          for (PlainSessions.Row r : inWindow) {
            urls.merge(r.url, 1L, Long::sum);
            hosts.merge(r.host, 1L, Long::sum);
          }
          expected.add(
              start + "|ON_TIME|" + inWindow.size() + "|" + bytes + "|" + errors + "|"
                  + top(urls) + "|" + top(hosts));
        });
    return expected;
  }

  /** Exact counts, most first, ties by name: the sketch is exact below 768 distinct items. */
  private static String top(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(TrafficFigures.DEFAULT_TOP_N)
        .map(e -> e.getKey() + "=" + e.getValue() + ".." + e.getValue())
        .collect(Collectors.joining(","));
  }

  // --- scores: the default detector run by hand over the sessions, in event-time order --------

  static String describe(AnomalyResult result) {
    return result.event().getId() + "|" + result.label() + "|" + result.score() + "|"
        + result.isLate();
  }

  private static List<String> expectedScores(List<String> sessions) throws Exception {
    List<Event> events = new ArrayList<>();
    for (String text : sessions) {
      String[] f = text.split("\\|");
      Instant first = new Instant(Long.parseLong(f[1]));
      Instant last = new Instant(Long.parseLong(f[2]));
      SessionFeatures features =
          new SessionFeatures(
              first, last, Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
              Long.parseLong(f[6]), Long.parseLong(f[7]));
      events.add(
          SuspiciousSessions.toEvent(
              Session.of(f[0], first, last.plus(GAP), PaneTiming.ON_TIME, 0, true, features)));
    }
    // AnomalyDetection's order: event time, then the event's coder bytes.
    Map<Event, byte[]> bytes = new HashMap<>();
    for (Event event : events) {
      bytes.put(event, CoderUtils.encodeToByteArray(EventCoder.of(), event));
    }
    events.sort(
        Comparator.comparing(Event::getTimestamp)
            .thenComparing(event -> bytes.get(event), Arrays::compareUnsigned));

    SuspiciousSessions scoring = SuspiciousSessions.create();
    Duration idle = scoring.detection().idleTimeout();
    double threshold = SuspiciousSessions.DEFAULT_THRESHOLD;
    List<String> expected = new ArrayList<>();
    AnomalyDetector detector = null;
    Instant lastLearned = null;
    for (Event event : events) {
      if (detector == null || !event.getTimestamp().isBefore(lastLearned.plus(idle))) {
        detector = scoring.detection().prototype();
      }
      boolean warm = detector.isWarm();
      double score = detector.score(event.values());
      detector.learn(event.values());
      lastLearned = event.getTimestamp();
      String label = !warm ? "WARMUP" : score >= threshold ? "OUTLIER" : "NORMAL";
      expected.add(event.getId() + "|" + label + "|" + score + "|false");
    }
    long outliers = expected.stream().filter(e -> e.contains("|OUTLIER|")).count();
    System.out.println(
        "SessionsOnBundledSamples: " + events.size() + " sessions scored, " + outliers
            + " outliers expected");
    return expected;
  }
}
