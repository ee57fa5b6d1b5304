package dev.streamml.sessions;

import dev.streamml.testing.RunnerUnderTest;
import dev.streamml.windowing.LateElement;
import dev.streamml.windowing.TriggerSpec;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/**
 * TestStream scenarios of {@link HostSessions}, in the style of Beam's {@code LeaderBoardTest}:
 * a late request that bridges two closed sessions of a host merges them, a request later than the
 * allowed lateness goes to the side output, early firings show a session growing. Each session
 * pane is checked as {@code host [start, end) timing requests} (minutes after {@link #BASE}).
 */
public abstract class HostSessionsScenarios {
  private static final Instant BASE = Instant.parse("1995-07-01T04:00:00Z");
  private static final Duration GAP = Duration.standardMinutes(30);

  @Rule public final transient TestPipeline pipeline;

  private final RunnerUnderTest runner;

  protected HostSessionsScenarios(RunnerUnderTest runner) {
    this.runner = runner;
    this.pipeline = runner.newPipeline();
  }

  /**
   * Host h has sessions [0m, 35m) and [50m, 85m); both close on time when the watermark passes
   * 90m. A late request at 25m, within the lateness, overlaps both ([25m, 55m)): Beam merges the
   * three into one session [0m, 85m) of 5 requests, fired again. A request of host g at
   * 1m, whose session [1m, 31m) expired at 31m + 60m lateness, is too late once the watermark is
   * at 100m and goes to the side output.
   */
  @Test
  public void lateRequestBetweenTwoSessionsMergesThemAndTooLateGoesAside() {
    TestStream<KV<String, LogRequest>> requests =
        stream()
            .addElements(request("h", 0), request("h", 5), request("h", 50), request("h", 55))
            .advanceWatermarkTo(at(90))
            .addElements(request("h", 25))
            .advanceWatermarkTo(at(100))
            .addElements(request("g", 1))
            .advanceWatermarkToInfinity();
    HostSessions.Result result =
        pipeline
            .apply(requests)
            .apply(
                HostSessions.withGap(GAP)
                    .withTrigger(TriggerSpec.parse("lateness=1h,late=each,accumulating")));

    // The merged session's pane is LATE on Direct and ON_TIME on Flink: Beam labels a pane by
    // the step's output watermark, which Flink holds back differently. Either way it is closed
    // (not EARLY), which is what downstream steps go by.
    PAssert.that(
            describe(result.sessions())
                .apply(
                    "ClosedOrEarly",
                    MapElements.into(TypeDescriptors.strings())
                        .via((String pane) -> pane.replaceAll("ON_TIME|LATE", "CLOSED"))))
        .containsInAnyOrder(
            "h [0, 35) CLOSED 2", "h [50, 85) CLOSED 2", "h [0, 85) CLOSED 5");
    PAssert.that(
            result
                .tooLate()
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via((LateElement<String, LogRequest> late) ->
                            late.key() + " " + late.timestamp() + " " + late.lateness())))
        // Expired at 31m - 1ms + 60m: 9 minutes and 1 ms before the watermark of 100m.
        .containsInAnyOrder("g " + at(1) + " " + Duration.standardMinutes(9).plus(1));
    pipeline.run().waitUntilFinish();
  }

  /**
   * Early firings (processing time, one minute after the first request of a pane) show the
   * session growing before it closes; the final pane, at the watermark, has every request.
   */
  @Test
  public void earlyFiringsShowAGrowingSessionAndTheFinalPaneIsExact() {
    runner.assumeCanAdvanceProcessingTime();
    TestStream<KV<String, LogRequest>> requests =
        stream()
            .addElements(request("h", 0), request("h", 1))
            .advanceProcessingTime(Duration.standardMinutes(2))
            .addElements(request("h", 2))
            .advanceProcessingTime(Duration.standardMinutes(2))
            .addElements(request("h", 3))
            .advanceWatermarkToInfinity();
    HostSessions.Result result =
        pipeline
            .apply(requests)
            .apply(
                HostSessions.withGap(GAP).withTrigger(TriggerSpec.parse("early=1m,accumulating")));

    PAssert.that(describe(result.sessions()))
        .containsInAnyOrder(
            "h [0, 31) EARLY 2", "h [0, 32) EARLY 3", "h [0, 33) ON_TIME 4 final");
    PAssert.that(result.tooLate()).empty();
    pipeline.run().waitUntilFinish();
  }

  /** Early panes every 2 requests, which every runner can test: the session grows 2, 4, then 5. */
  @Test
  public void earlyFiringsByCountShowAGrowingSession() {
    TestStream<KV<String, LogRequest>> requests =
        stream()
            .addElements(request("h", 0), request("h", 1))
            .addElements(request("h", 2), request("h", 3))
            .addElements(request("h", 4))
            .advanceWatermarkToInfinity();
    HostSessions.Result result =
        pipeline
            .apply(requests)
            .apply(
                HostSessions.withGap(GAP)
                    .withTrigger(TriggerSpec.parse("early=count:2,accumulating")));
    PAssert.that(describe(result.sessions()))
        .containsInAnyOrder(
            "h [0, 31) EARLY 2", "h [0, 33) EARLY 4", "h [0, 34) ON_TIME 5 final");
    pipeline.run().waitUntilFinish();
  }

  private static PCollection<String> describe(PCollection<Session> sessions) {
    return sessions.apply(
        "Describe",
        MapElements.into(TypeDescriptors.strings())
            .via(
                (Session s) ->
                    s.host() + " [" + minutes(s.windowStart()) + ", " + minutes(s.windowEnd())
                        + ") " + s.timing() + " " + s.features().requests()
                        + (s.isFinal() ? " final" : "")));
  }

  private static long minutes(Instant time) {
    return new Duration(BASE, time).getStandardMinutes();
  }

  private static TestStream.Builder<KV<String, LogRequest>> stream() {
    return TestStream.create(KvCoder.of(StringUtf8Coder.of(), LogRequestCoder.of()))
        .advanceWatermarkTo(BASE);
  }

  private static TimestampedValue<KV<String, LogRequest>> request(String host, int minute) {
    LogRequest request = LogRequest.of(host, at(minute), "GET", "/" + minute, 200, 100);
    return TimestampedValue.of(KV.of(host, request), request.getTimestamp());
  }

  private static Instant at(int minute) {
    return BASE.plus(Duration.standardMinutes(minute));
  }
}
