package dev.streamml.sessions;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Running traffic totals of one window: requests, bytes, errors, and two frequent-items sketches
 * (DataSketches {@code frequencies.ItemsSketch}) of URLs and hosts, whose memory is bounded by
 * their map size however many distinct items pass. A sketch counts exactly while it holds fewer
 * than {@code 0.75 mapSize} distinct items; beyond that its counts are estimates within {@link
 * ItemsSketch#getMaximumError()}, and two merge orders may then give slightly different estimates.
 *
 * <pre>{@code
 * PCollection<TrafficCounts> totals =
 *     windowedRequests.apply(Combine.globally(TrafficCounts.combineFn(1024)).withoutDefaults());
 * List<TopItem> urls = totals.topUrls(5);
 * }</pre>
 */
public final class TrafficCounts {
  private static final ArrayOfStringsSerDe SERDE = new ArrayOfStringsSerDe();

  private final int mapSize;
  private long requests;
  private long bytes;
  private long errors;
  private ItemsSketch<String> urls;
  private ItemsSketch<String> hosts;

  private TrafficCounts(int mapSize, ItemsSketch<String> urls, ItemsSketch<String> hosts) {
    this.mapSize = mapSize;
    this.urls = urls;
    this.hosts = hosts;
  }

  static TrafficCounts empty(int mapSize) {
    return new TrafficCounts(mapSize, new ItemsSketch<>(mapSize), new ItemsSketch<>(mapSize));
  }

  /** The combine function that builds these totals, with sketches of {@code mapSize} entries. */
  public static CombineFn<LogRequest, TrafficCounts, TrafficCounts> combineFn(int mapSize) {
    return new Fn(checkMapSize(mapSize));
  }

  static int checkMapSize(int mapSize) {
    if (mapSize < 8 || Integer.bitCount(mapSize) != 1) {
      throw new IllegalArgumentException(
          "the sketch map size must be a power of 2, at least 8, found " + mapSize);
    }
    return mapSize;
  }

  void add(LogRequest request) {
    requests++;
    bytes += request.getBytes();
    if (request.isError()) {
      errors++;
    }
    urls.update(request.getUrl());
    hosts.update(request.getHost());
  }

  void addAll(TrafficCounts other) {
    requests += other.requests;
    bytes += other.bytes;
    errors += other.errors;
    urls.merge(other.urls);
    hosts.merge(other.hosts);
  }

  public long requests() {
    return requests;
  }

  public long bytes() {
    return bytes;
  }

  public long errors() {
    return errors;
  }

  /** The {@code n} most requested URLs, most first, ties by URL. */
  public List<TopItem> topUrls(int n) {
    return top(urls, n);
  }

  /** The {@code n} hosts with most requests, most first, ties by host. */
  public List<TopItem> topHosts(int n) {
    return top(hosts, n);
  }

  private static List<TopItem> top(ItemsSketch<String> sketch, int n) {
    if (sketch.isEmpty()) {
      return List.of();
    }
    // Every item the sketch can vouch for, then our own order: the sketch's order of equal counts
    // depends on its hash map, and output must not depend on it.
    ItemsSketch.Row<String>[] rows = sketch.getFrequentItems(0, ErrorType.NO_FALSE_POSITIVES);
    List<ItemsSketch.Row<String>> sorted = new ArrayList<>(Arrays.asList(rows));
    sorted.sort(
        Comparator.comparingLong((ItemsSketch.Row<String> row) -> row.getEstimate())
            .reversed()
            .thenComparing(ItemsSketch.Row::getItem));
    List<TopItem> top = new ArrayList<>();
    for (ItemsSketch.Row<String> row : sorted.subList(0, Math.min(n, sorted.size()))) {
      top.add(
          TopItem.of(row.getItem(), row.getEstimate(), row.getLowerBound(), row.getUpperBound()));
    }
    return top;
  }

  private static final class Fn extends CombineFn<LogRequest, TrafficCounts, TrafficCounts> {
    private static final long serialVersionUID = 1L;
    private final int mapSize;

    Fn(int mapSize) {
      this.mapSize = mapSize;
    }

    @Override
    public TrafficCounts createAccumulator() {
      return empty(mapSize);
    }

    @Override
    public TrafficCounts addInput(TrafficCounts accumulator, LogRequest request) {
      accumulator.add(request);
      return accumulator;
    }

    @Override
    public TrafficCounts mergeAccumulators(Iterable<TrafficCounts> accumulators) {
      Iterator<TrafficCounts> each = accumulators.iterator();
      TrafficCounts merged = each.hasNext() ? each.next() : createAccumulator();
      while (each.hasNext()) {
        merged.addAll(each.next());
      }
      return merged;
    }

    @Override
    public TrafficCounts extractOutput(TrafficCounts accumulator) {
      return accumulator;
    }

    @Override
    public Coder<TrafficCounts> getAccumulatorCoder(
        CoderRegistry registry, Coder<LogRequest> input) {
      return TrafficCountsCoder.INSTANCE;
    }

    @Override
    public Coder<TrafficCounts> getDefaultOutputCoder(
        CoderRegistry registry, Coder<LogRequest> input) {
      return TrafficCountsCoder.INSTANCE;
    }
  }

  /** Counts, then each sketch in DataSketches' own serial form. */
  static final class TrafficCountsCoder extends CustomCoder<TrafficCounts> {
    static final TrafficCountsCoder INSTANCE = new TrafficCountsCoder();

    @Override
    public void encode(TrafficCounts value, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeInt(value.mapSize);
      data.writeLong(value.requests);
      data.writeLong(value.bytes);
      data.writeLong(value.errors);
      data.flush();
      ByteArrayCoder.of().encode(value.urls.toByteArray(SERDE), out);
      ByteArrayCoder.of().encode(value.hosts.toByteArray(SERDE), out);
    }

    @Override
    public TrafficCounts decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      int mapSize = data.readInt();
      long requests = data.readLong();
      long bytes = data.readLong();
      long errors = data.readLong();
      TrafficCounts value =
          new TrafficCounts(
              mapSize,
              sketch(ByteArrayCoder.of().decode(in), mapSize),
              sketch(ByteArrayCoder.of().decode(in), mapSize));
      value.requests = requests;
      value.bytes = bytes;
      value.errors = errors;
      return value;
    }

    private static ItemsSketch<String> sketch(byte[] bytes, int mapSize) {
      // An empty sketch serialises without its map size: start a new one of the right size.
      ItemsSketch<String> sketch = ItemsSketch.getInstance(Memory.wrap(bytes), SERDE);
      return sketch.isEmpty() ? new ItemsSketch<>(mapSize) : sketch;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof TrafficCountsCoder;
    }

    @Override
    public int hashCode() {
      return TrafficCountsCoder.class.getName().hashCode();
    }
  }
}
