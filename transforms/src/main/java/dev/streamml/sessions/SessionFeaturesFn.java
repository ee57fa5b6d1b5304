package dev.streamml.sessions;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Iterator;
import java.util.TreeSet;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.joda.time.Instant;

/**
 * Combines the requests of one session into its {@link SessionFeatures}.
 *
 * <p>The result does not depend on the order in which requests arrive or accumulators merge, which
 * is what session windows need: when a late request bridges two sessions Beam merges their
 * accumulators, and the merged features equal those of one session made of all the requests. For
 * that the accumulator keeps the set of distinct URLs and the set of distinct request times (the
 * longest gap between consecutive requests can only be found from all of them); its size grows
 * with the distinct URLs and seconds of a session, not with its requests. Everything else is a
 * count or a sum.
 *
 * <pre>{@code
 * PCollection<KV<String, SessionFeatures>> sessions =
 *     sessionWindowedRequests.apply(Combine.perKey(new SessionFeaturesFn()));
 * }</pre>
 */
public final class SessionFeaturesFn
    extends CombineFn<LogRequest, SessionFeaturesFn.Accumulator, SessionFeatures> {
  private static final long serialVersionUID = 1L;

  /** The running state of one session; see {@link SessionFeaturesFn}. */
  public static final class Accumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    private long requests;
    private long bytes;
    private long errors;
    private final TreeSet<String> urls = new TreeSet<>();
    private final TreeSet<Long> times = new TreeSet<>();

    void add(LogRequest request) {
      requests++;
      bytes += request.getBytes();
      if (request.isError()) {
        errors++;
      }
      urls.add(request.getUrl());
      times.add(request.getTimestamp().getMillis());
    }

    void addAll(Accumulator other) {
      requests += other.requests;
      bytes += other.bytes;
      errors += other.errors;
      urls.addAll(other.urls);
      times.addAll(other.times);
    }
  }

  @Override
  public Accumulator createAccumulator() {
    return new Accumulator();
  }

  @Override
  public Accumulator addInput(Accumulator accumulator, LogRequest request) {
    accumulator.add(request);
    return accumulator;
  }

  @Override
  public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
    Iterator<Accumulator> each = accumulators.iterator();
    Accumulator merged = each.hasNext() ? each.next() : createAccumulator();
    while (each.hasNext()) {
      merged.addAll(each.next());
    }
    return merged;
  }

  @Override
  public SessionFeatures extractOutput(Accumulator accumulator) {
    if (accumulator.times.isEmpty()) {
      // Only an empty pane of a window that already fired can get here; its features are zero.
      return new SessionFeatures(Instant.EPOCH, Instant.EPOCH, 0, 0, 0, 0, 0);
    }
    long maxGap = 0;
    Long previous = null;
    for (long time : accumulator.times) {
      if (previous != null) {
        maxGap = Math.max(maxGap, time - previous);
      }
      previous = time;
    }
    return new SessionFeatures(
        new Instant(accumulator.times.first()),
        new Instant(accumulator.times.last()),
        accumulator.requests,
        accumulator.bytes,
        accumulator.urls.size(),
        accumulator.errors,
        maxGap);
  }

  @Override
  public Coder<Accumulator> getAccumulatorCoder(CoderRegistry registry, Coder<LogRequest> input) {
    return AccumulatorCoder.INSTANCE;
  }

  @Override
  public Coder<SessionFeatures> getDefaultOutputCoder(
      CoderRegistry registry, Coder<LogRequest> input) {
    return SessionFeaturesCoder.of();
  }

  /** Counts, then the URLs and the times in sorted order. */
  static final class AccumulatorCoder extends CustomCoder<Accumulator> {
    static final AccumulatorCoder INSTANCE = new AccumulatorCoder();

    @Override
    public void encode(Accumulator value, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      data.writeLong(value.requests);
      data.writeLong(value.bytes);
      data.writeLong(value.errors);
      data.writeInt(value.urls.size());
      data.flush();
      for (String url : value.urls) {
        StringUtf8Coder.of().encode(url, out);
      }
      data.writeInt(value.times.size());
      for (long time : value.times) {
        data.writeLong(time);
      }
      data.flush();
    }

    @Override
    public Accumulator decode(InputStream in) throws IOException {
      DataInputStream data = new DataInputStream(in);
      Accumulator value = new Accumulator();
      value.requests = data.readLong();
      value.bytes = data.readLong();
      value.errors = data.readLong();
      int urls = data.readInt();
      for (int i = 0; i < urls; i++) {
        value.urls.add(StringUtf8Coder.of().decode(in));
      }
      int times = data.readInt();
      for (int i = 0; i < times; i++) {
        value.times.add(data.readLong());
      }
      return value;
    }

    @Override
    public void verifyDeterministic() {}

    @Override
    public boolean equals(Object other) {
      return other instanceof AccumulatorCoder;
    }

    @Override
    public int hashCode() {
      return AccumulatorCoder.class.getName().hashCode();
    }
  }
}
