package dev.streamml.features;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notANumber;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;

import dev.streamml.features.ReferenceStats.Point;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** {@link FeatureStatsFn} against {@link ReferenceStats} on random data with a fixed seed. */
@RunWith(JUnit4.class)
public class FeatureStatsFnTest {

  /**
   * KLL's documented normalized rank error for k = 200 is about 1.33% for a single quantile (99%
   * confidence; 1.65% for PMF/CDF); twice that keeps the sketch's unseeded compaction from ever
   * making the test flaky.
   */
  private static final double RANK_TOLERANCE = 2 * 0.0133;

  private static final double[] PS = {0.5, 0.9, 0.99};
  private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").getMillis();

  private final FeatureStatsFn fn = new FeatureStatsFn(WindowedFeatures.DEFAULT_SKETCH_K);

  /** Gaussian values around 50 with a heavy right tail, timestamps in one minute with ties. */
  private static List<Point> randomPoints(long seed, int n) {
    Random random = new Random(seed);
    List<Point> points = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double value = 50 + 10 * random.nextGaussian();
      if (random.nextInt(20) == 0) {
        value += 200 * random.nextDouble();
      }
      // Whole seconds so that many values share a timestamp: the tie rule matters.
      points.add(new Point(T0 + 1000L * random.nextInt(60), value));
    }
    return points;
  }

  private FeatureStatsFn.Accumulator accumulate(List<Point> points) {
    FeatureStatsFn.Accumulator acc = fn.createAccumulator();
    for (Point p : points) {
      acc = fn.addInput(acc, TimestampedValue.of(p.value, new Instant(p.millis)));
    }
    return acc;
  }

  private static void assertMatches(ReferenceStats expected, FeatureStats actual) {
    assertThat("count", actual.count, is((long) expected.count));
    assertThat("sum", actual.sum, closeTo(expected.sum, 1e-9 * Math.abs(expected.sum)));
    assertThat("mean", actual.mean, closeTo(expected.mean, 1e-9 * Math.abs(expected.mean)));
    assertThat(
        "variance",
        actual.variance,
        closeTo(expected.sampleVariance, 1e-9 * expected.sampleVariance));
    assertThat("min", actual.min, is(expected.min));
    assertThat("max", actual.max, is(expected.max));
    assertThat("first value", actual.firstValue, is(expected.first.value));
    assertThat("first timestamp", actual.firstTimestamp, is(new Instant(expected.first.millis)));
    assertThat("last value", actual.lastValue, is(expected.last.value));
    assertThat("last timestamp", actual.lastTimestamp, is(new Instant(expected.last.millis)));
    double[] quantiles = {actual.p50, actual.p90, actual.p99};
    for (int i = 0; i < PS.length; i++) {
      assertTrue(
          "p"
              + PS[i]
              + " = "
              + quantiles[i]
              + " is not within rank error of exact "
              + expected.nearestRank(PS[i]),
          expected.isQuantileWithin(PS[i], quantiles[i], RANK_TOLERANCE));
    }
  }

  @Test
  public void addAndExtractMatchSinglePassReference() {
    List<Point> points = randomPoints(42, 10_000);

    FeatureStats stats = fn.extractOutput(accumulate(points));

    assertMatches(new ReferenceStats(points), stats);
  }

  @Test
  public void quantilesAreExactWhileCountIsAtMostK() {
    List<Point> points = randomPoints(7, WindowedFeatures.DEFAULT_SKETCH_K);
    ReferenceStats expected = new ReferenceStats(points);

    FeatureStats stats = fn.extractOutput(accumulate(points));

    assertThat(stats.p50, is(expected.nearestRank(0.5)));
    assertThat(stats.p90, is(expected.nearestRank(0.9)));
    assertThat(stats.p99, is(expected.nearestRank(0.99)));
  }

  @Test
  public void mergedChunksMatchReferenceWhateverTheMergeOrder() throws IOException {
    List<Point> points = randomPoints(1234, 20_000);
    ReferenceStats expected = new ReferenceStats(points);
    List<List<Point>> chunks = chunks(points, new Random(99), 9);

    FeatureStats inOrder = fn.extractOutput(fn.mergeAccumulators(accumulators(chunks)));
    List<FeatureStatsFn.Accumulator> reversed = accumulators(chunks);
    Collections.reverse(reversed);
    FeatureStats reverseOrder = fn.extractOutput(fn.mergeAccumulators(reversed));
    FeatureStats shuffledTree = fn.extractOutput(mergeAsTree(accumulators(chunks), new Random(5)));

    for (FeatureStats stats : Arrays.asList(inOrder, reverseOrder, shuffledTree)) {
      assertMatches(expected, stats);
    }
    // The order-free figures are identical, not merely close, whatever the order.
    for (FeatureStats stats : Arrays.asList(reverseOrder, shuffledTree)) {
      assertThat(stats.count, is(inOrder.count));
      assertThat(stats.min, is(inOrder.min));
      assertThat(stats.max, is(inOrder.max));
      assertThat(stats.firstValue, is(inOrder.firstValue));
      assertThat(stats.firstTimestamp, is(inOrder.firstTimestamp));
      assertThat(stats.lastValue, is(inOrder.lastValue));
      assertThat(stats.lastTimestamp, is(inOrder.lastTimestamp));
    }
  }

  /** Splits into {@code n} consecutive chunks of random sizes; one chunk is empty. */
  private static List<List<Point>> chunks(List<Point> points, Random random, int n) {
    List<Integer> cuts = new ArrayList<>();
    for (int i = 0; i < n - 2; i++) {
      cuts.add(random.nextInt(points.size()));
    }
    cuts.add(cuts.get(0)); // an empty chunk
    cuts.add(0);
    cuts.add(points.size());
    Collections.sort(cuts);
    List<List<Point>> chunks = new ArrayList<>();
    for (int i = 0; i + 1 < cuts.size(); i++) {
      chunks.add(points.subList(cuts.get(i), cuts.get(i + 1)));
    }
    return chunks;
  }

  /** Fresh accumulators, one per chunk, each through the coder as a runner would store them. */
  private List<FeatureStatsFn.Accumulator> accumulators(List<List<Point>> chunks)
      throws IOException {
    List<FeatureStatsFn.Accumulator> accumulators = new ArrayList<>();
    for (List<Point> chunk : chunks) {
      accumulators.add(roundTrip(accumulate(chunk)));
    }
    return accumulators;
  }

  private FeatureStatsFn.Accumulator mergeAsTree(
      List<FeatureStatsFn.Accumulator> accumulators, Random random) {
    List<FeatureStatsFn.Accumulator> pending = new ArrayList<>(accumulators);
    while (pending.size() > 1) {
      Collections.shuffle(pending, random);
      FeatureStatsFn.Accumulator a = pending.remove(pending.size() - 1);
      FeatureStatsFn.Accumulator b = pending.remove(pending.size() - 1);
      pending.add(fn.mergeAccumulators(Arrays.asList(a, b)));
    }
    return pending.get(0);
  }

  @Test
  public void emptyAccumulatorHasCountZeroAndNoFigures() {
    FeatureStats stats = fn.extractOutput(fn.createAccumulator());

    assertThat(stats.count, is(0L));
    assertThat(stats.sum, is(0.0));
    for (double figure :
        new double[] {
          stats.mean,
          stats.variance,
          stats.min,
          stats.max,
          stats.p50,
          stats.p90,
          stats.p99,
          stats.firstValue,
          stats.lastValue
        }) {
      assertThat(figure, is(notANumber()));
    }
    assertThat(stats.firstTimestamp, is(nullValue()));
    assertThat(stats.lastTimestamp, is(nullValue()));
  }

  @Test
  public void mergingEmptyAccumulatorsChangesNothing() {
    List<Point> points = randomPoints(3, 50);
    ReferenceStats expected = new ReferenceStats(points);

    FeatureStats emptyFirst =
        fn.extractOutput(
            fn.mergeAccumulators(Arrays.asList(fn.createAccumulator(), accumulate(points))));
    FeatureStats emptyLast =
        fn.extractOutput(
            fn.mergeAccumulators(Arrays.asList(accumulate(points), fn.createAccumulator())));
    FeatureStats nothing = fn.extractOutput(fn.mergeAccumulators(Collections.emptyList()));

    assertMatches(expected, emptyFirst);
    assertMatches(expected, emptyLast);
    assertThat(nothing.count, is(0L));
  }

  @Test
  public void oneValueHasUndefinedVariance() {
    Instant at = new Instant(T0 + 5_000);
    FeatureStats stats =
        fn.extractOutput(fn.addInput(fn.createAccumulator(), TimestampedValue.of(4.25, at)));

    assertThat(stats.count, is(1L));
    assertThat(stats.mean, is(4.25));
    assertThat(stats.variance, is(notANumber()));
    assertThat(stats.min, is(4.25));
    assertThat(stats.max, is(4.25));
    assertThat(stats.p50, is(4.25));
    assertThat(stats.p99, is(4.25));
    assertThat(stats.firstValue, is(4.25));
    assertThat(stats.lastValue, is(4.25));
    assertThat(stats.firstTimestamp, is(at));
    assertThat(stats.lastTimestamp, is(at));
  }

  @Test
  public void timestampTiesPickSmallestFirstAndLargestLastInAnyArrivalOrder() {
    Instant early = new Instant(T0);
    Instant late = new Instant(T0 + 1_000);
    List<TimestampedValue<Double>> values =
        Arrays.asList(
            TimestampedValue.of(5.0, early),
            TimestampedValue.of(-1.0, early),
            TimestampedValue.of(3.0, early),
            TimestampedValue.of(2.0, late),
            TimestampedValue.of(8.0, late),
            TimestampedValue.of(0.5, late));
    for (int rotation = 0; rotation < values.size(); rotation++) {
      List<TimestampedValue<Double>> arrival = new ArrayList<>(values);
      Collections.rotate(arrival, rotation);
      FeatureStatsFn.Accumulator acc = fn.createAccumulator();
      for (TimestampedValue<Double> value : arrival) {
        acc = fn.addInput(acc, value);
      }
      FeatureStats stats = fn.extractOutput(acc);

      assertThat("first in rotation " + rotation, stats.firstValue, is(-1.0));
      assertThat(stats.firstTimestamp, is(early));
      assertThat("last in rotation " + rotation, stats.lastValue, is(8.0));
      assertThat(stats.lastTimestamp, is(late));
    }
  }

  @Test
  public void accumulatorCoderRoundTripKeepsEveryField() throws IOException {
    FeatureStatsFn.Accumulator original = accumulate(randomPoints(11, 5_000));

    FeatureStatsFn.Accumulator decoded = roundTrip(original);

    assertThat(decoded.count, is(original.count));
    assertThat(decoded.sum, is(original.sum));
    assertThat(decoded.mean, is(original.mean));
    assertThat(decoded.m2, is(original.m2));
    assertThat(decoded.min, is(original.min));
    assertThat(decoded.max, is(original.max));
    assertThat(decoded.firstMillis, is(original.firstMillis));
    assertThat(decoded.firstValue, is(original.firstValue));
    assertThat(decoded.lastMillis, is(original.lastMillis));
    assertThat(decoded.lastValue, is(original.lastValue));
    assertThat(decoded.sketch.getK(), is(original.sketch.getK()));
    assertArrayEquals(original.sketch.toByteArray(), decoded.sketch.toByteArray());
  }

  @Test
  public void decodedAccumulatorsKeepAccumulating() throws IOException {
    List<Point> points = randomPoints(17, 600);
    FeatureStatsFn.Accumulator acc = fn.createAccumulator();
    for (Point p : points) {
      acc = roundTrip(fn.addInput(acc, TimestampedValue.of(p.value, new Instant(p.millis))));
    }

    assertMatches(new ReferenceStats(points), fn.extractOutput(acc));
  }

  @Test
  public void emptyAccumulatorRoundTrips() throws IOException {
    FeatureStatsFn.Accumulator decoded = roundTrip(fn.createAccumulator());

    assertThat(decoded.count, is(0L));
    assertThat(decoded.sketch.isEmpty(), is(true));
    assertThat(decoded.sketch.getK(), is(WindowedFeatures.DEFAULT_SKETCH_K));
    assertThat(fn.extractOutput(decoded).mean, is(notANumber()));
  }

  @Test
  public void sketchKIsKeptInTheAccumulator() {
    FeatureStatsFn small = new FeatureStatsFn(16);

    assertThat(small.createAccumulator().sketch.getK(), equalTo(16));
  }

  @Test
  public void featureStatsCoderRoundTrips() throws IOException {
    FeatureStats stats = fn.extractOutput(accumulate(randomPoints(23, 100)));
    FeatureStats empty = fn.extractOutput(fn.createAccumulator());

    for (FeatureStats original : Arrays.asList(stats, empty)) {
      FeatureStats decoded =
          CoderUtils.decodeFromByteArray(
              FeatureStats.Coder.of(),
              CoderUtils.encodeToByteArray(FeatureStats.Coder.of(), original));
      assertThat(decoded.toString(), is(original.toString()));
    }
  }

  @Test
  public void codersSurviveJavaSerialization() {
    CoderProperties.coderSerializable(FeatureStatsFn.AccumulatorCoder.of());
    CoderProperties.coderSerializable(FeatureStats.Coder.of());
  }

  private static FeatureStatsFn.Accumulator roundTrip(FeatureStatsFn.Accumulator accumulator)
      throws IOException {
    Coder<FeatureStatsFn.Accumulator> coder = FeatureStatsFn.AccumulatorCoder.of();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    coder.encode(accumulator, bytes);
    // Nested encoding: a trailing byte must be left unread.
    bytes.write(42);
    ByteArrayInputStream in = new ByteArrayInputStream(bytes.toByteArray());
    FeatureStatsFn.Accumulator decoded = coder.decode(in);
    assertThat("bytes left after the accumulator", in.read(), is(42));
    return decoded;
  }
}
