package dev.streamml.sessions;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Instant;
import org.junit.Test;

public class TrafficCountsTest {
  private final CombineFn<LogRequest, TrafficCounts, TrafficCounts> fn =
      TrafficCounts.combineFn(TrafficFigures.DEFAULT_SKETCH_MAP_SIZE);

  @Test
  public void topItemsMostFirstTiesByNameExactCounts() throws Exception {
    TrafficCounts a = fn.createAccumulator();
    TrafficCounts b = fn.createAccumulator();
    for (String url : List.of("/b", "/a", "/c", "/a", "/b")) {
      fn.addInput(a, request("h1", url, 200));
    }
    fn.addInput(b, request("h2", "/c", 404));
    fn.addInput(b, request("h2", "/d", 200));
    // Through the coder, as a runner may send accumulators between workers; the empty one too.
    TrafficCounts merged =
        fn.mergeAccumulators(
            List.of(roundTrip(a), roundTrip(b), roundTrip(fn.createAccumulator())));
    assertEquals(7, merged.requests());
    assertEquals(700, merged.bytes());
    assertEquals(1, merged.errors());
    assertEquals(
        List.of(TopItem.of("/a", 2, 2, 2), TopItem.of("/b", 2, 2, 2), TopItem.of("/c", 2, 2, 2)),
        merged.topUrls(3));
    assertEquals(List.of(TopItem.of("h1", 5, 5, 5), TopItem.of("h2", 2, 2, 2)), merged.topHosts(5));
  }

  @Test(expected = IllegalArgumentException.class)
  public void mapSizeMustBeAPowerOfTwo() {
    TrafficCounts.combineFn(1000);
  }

  private static TrafficCounts roundTrip(TrafficCounts counts) throws Exception {
    TrafficCounts.TrafficCountsCoder coder = TrafficCounts.TrafficCountsCoder.INSTANCE;
    return CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, counts));
  }

  private static LogRequest request(String host, String url, int status) {
    return LogRequest.of(host, Instant.EPOCH, "GET", url, status, 100);
  }
}
