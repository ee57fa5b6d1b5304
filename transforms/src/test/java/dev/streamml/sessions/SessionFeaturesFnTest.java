package dev.streamml.sessions;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;
import org.junit.Test;

public class SessionFeaturesFnTest {
  private final SessionFeaturesFn fn = new SessionFeaturesFn();

  @Test
  public void featuresOfASmallSession() {
    List<LogRequest> requests =
        List.of(
            request("h", 0, "/a", 200, 100),
            request("h", 10, "/b", 404, 0),
            request("h", 70, "/a", 200, 50),
            request("h", 80, "/c", 500, 0));
    SessionFeatures f = fn.apply(requests);
    assertEquals(Instant.ofEpochSecond(1000), f.start());
    assertEquals(Instant.ofEpochSecond(1080), f.end());
    assertEquals(80.0, f.durationSeconds(), 0.0);
    assertEquals(4, f.requests());
    assertEquals(150, f.bytes());
    assertEquals(3, f.distinctUrls());
    assertEquals(0.5, f.errorRatio(), 0.0);
    assertEquals(60.0 * 4 / 80, f.requestsPerMinute(), 1e-12);
    assertEquals(80.0 / 3, f.meanGapSeconds(), 1e-12);
    assertEquals(60.0, f.maxGapSeconds(), 0.0);
  }

  @Test
  public void oneRequestSession() {
    SessionFeatures f = fn.apply(List.of(request("h", 5, "/", 200, 7)));
    assertEquals(0.0, f.durationSeconds(), 0.0);
    assertEquals(1.0, f.requestsPerMinute(), 0.0);
    assertEquals(0.0, f.meanGapSeconds(), 0.0);
    assertEquals(0.0, f.maxGapSeconds(), 0.0);
  }

  /**
   * What session merging relies on: accumulators over any split of the requests, merged in any
   * order, give the features of all requests at once, also after a trip through the coder.
   */
  @Test
  public void anySplitAndMergeOrderGivesTheSameFeatures() throws Exception {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      List<LogRequest> requests = new ArrayList<>();
      int n = 1 + random.nextInt(40);
      for (int i = 0; i < n; i++) {
        requests.add(
            request(
                "h",
                random.nextInt(600),
                "/" + random.nextInt(8),
                random.nextInt(5) == 0 ? 404 : 200,
                random.nextInt(5000)));
      }
      SessionFeatures whole = fn.apply(requests);
      Collections.shuffle(requests, random);
      List<SessionFeaturesFn.Accumulator> parts = new ArrayList<>();
      int partCount = 1 + random.nextInt(5);
      for (int p = 0; p < partCount; p++) {
        parts.add(fn.createAccumulator());
      }
      for (LogRequest request : requests) {
        fn.addInput(parts.get(random.nextInt(partCount)), request);
      }
      List<SessionFeaturesFn.Accumulator> decoded = new ArrayList<>();
      for (SessionFeaturesFn.Accumulator part : parts) {
        byte[] bytes =
            CoderUtils.encodeToByteArray(SessionFeaturesFn.AccumulatorCoder.INSTANCE, part);
        decoded.add(CoderUtils.decodeFromByteArray(SessionFeaturesFn.AccumulatorCoder.INSTANCE, bytes));
      }
      Collections.shuffle(decoded, random);
      assertEquals(whole, fn.extractOutput(fn.mergeAccumulators(decoded)));
    }
  }

  @Test
  public void codersRoundTrip() throws Exception {
    SessionFeatures f = fn.apply(List.of(request("h", 1, "/x", 200, 3), request("h", 9, "/y", 503, 0)));
    CoderProperties.coderDecodeEncodeEqual(SessionFeaturesCoder.of(), f);
    CoderProperties.coderDecodeEncodeEqual(
        SessionCoder.of(),
        Session.of(
            "h", f.start(), f.end().plus(1800_000), dev.streamml.features.PaneTiming.LATE, 3,
            true, f));
    CoderProperties.coderDecodeEncodeEqual(
        LogRequestCoder.of(), request("host.example", 42, "/ü?q=1", 302, 0));
  }

  private static LogRequest request(String host, int second, String url, int status, long bytes) {
    return LogRequest.of(
        host, Instant.ofEpochSecond(1000 + second), "GET", url, status, bytes);
  }
}
