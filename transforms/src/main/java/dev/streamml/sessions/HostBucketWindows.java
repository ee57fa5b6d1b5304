package dev.streamml.sessions;

import dev.streamml.windowing.EventTimeWindows;
import dev.streamml.windowing.LateElement;
import dev.streamml.windowing.LateElementCoder;
import dev.streamml.windowing.TriggerSpec;
import dev.streamml.windowing.WindowSpec;
import dev.streamml.windowing.WindowedResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@link EventTimeWindows} for requests keyed by host, with the too-late check keyed by one of
 * {@value #BUCKETS} hash buckets of the host instead of by host.
 *
 * <p>The check needs keyed input only to read the watermark through a timer; it keeps no state
 * per key, so any key gives the same routing. A few buckets instead of thousands of hosts spare
 * runners a keyed work item per host (the Direct runner schedules one per key and timer, which
 * made the check cost as much as the sessions themselves). Windows are assigned per element, so
 * keying the windowed requests by host again afterwards is exactly {@code EventTimeWindows} keyed
 * by host: session windows merge per host in the grouping step that follows.
 *
 * <pre>{@code
 * HostBucketWindows.Routed windowed =
 *     HostBucketWindows.apply(requests, "SessionWindows", WindowSpec.session(gap), trigger);
 * }</pre>
 */
final class HostBucketWindows {
  /** Hash buckets of the host for the too-late check. */
  static final int BUCKETS = 16;

  private HostBucketWindows() {}

  static Routed apply(
      PCollection<KV<String, LogRequest>> requests,
      String name,
      WindowSpec windows,
      TriggerSpec trigger) {
    KvCoder<String, LogRequest> byHost = KvCoder.of(StringUtf8Coder.of(), LogRequestCoder.of());
    WindowedResult<Integer, KV<String, LogRequest>> routed =
        requests
            .apply(name + "ByBucket", MapElements.via(new ToBucketFn()))
            .setCoder(KvCoder.of(VarIntCoder.of(), byHost))
            .apply(name, EventTimeWindows.of(windows, trigger));
    PCollection<KV<String, LogRequest>> onTime =
        routed.onTime().apply(name + "ByHost", MapElements.via(new ToHostFn())).setCoder(byHost);
    PCollection<LateElement<String, LogRequest>> tooLate =
        routed
            .tooLate()
            .apply(name + "TooLateByHost", MapElements.via(new LateByHostFn()))
            .setCoder(LateElementCoder.of(StringUtf8Coder.of(), LogRequestCoder.of()));
    return new Routed(onTime, tooLate);
  }

  /** The windowed requests keyed by host, and the too-late ones. */
  static final class Routed {
    final PCollection<KV<String, LogRequest>> onTime;
    final PCollection<LateElement<String, LogRequest>> tooLate;

    Routed(
        PCollection<KV<String, LogRequest>> onTime,
        PCollection<LateElement<String, LogRequest>> tooLate) {
      this.onTime = onTime;
      this.tooLate = tooLate;
    }
  }

  private static final class ToBucketFn
      extends SimpleFunction<KV<String, LogRequest>, KV<Integer, KV<String, LogRequest>>> {
    @Override
    public KV<Integer, KV<String, LogRequest>> apply(KV<String, LogRequest> request) {
      return KV.of(Math.floorMod(request.getKey().hashCode(), BUCKETS), request);
    }
  }

  private static final class ToHostFn
      extends SimpleFunction<KV<Integer, KV<String, LogRequest>>, KV<String, LogRequest>> {
    @Override
    public KV<String, LogRequest> apply(KV<Integer, KV<String, LogRequest>> bucketed) {
      return bucketed.getValue();
    }
  }

  private static final class LateByHostFn
      extends SimpleFunction<
          LateElement<Integer, KV<String, LogRequest>>, LateElement<String, LogRequest>> {
    @Override
    public LateElement<String, LogRequest> apply(
        LateElement<Integer, KV<String, LogRequest>> late) {
      return LateElement.of(
          late.value().getKey(),
          late.value().getValue(),
          late.timestamp(),
          late.windows(),
          late.inputWatermark(),
          late.lateness());
    }
  }
}
