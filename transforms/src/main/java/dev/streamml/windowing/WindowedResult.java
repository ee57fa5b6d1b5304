package dev.streamml.windowing;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.ImmutableMap;

/**
 * The output of {@link EventTimeWindows}: the windowed elements, and the elements that came too
 * late for any of their windows.
 *
 * <pre>{@code
 * WindowedResult<String, Double> windowed = events.apply(EventTimeWindows.of(windows, trigger));
 * PCollection<KV<String, Double>> sums = windowed.onTime().apply(Sum.doublesPerKey());
 * windowed.tooLate().apply("KeepTooLate", deadLetterSink);
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class WindowedResult<K, V> implements POutput {
  private final TupleTag<KV<K, V>> onTimeTag;
  private final PCollection<KV<K, V>> onTime;
  private final TupleTag<LateElement<K, V>> tooLateTag;
  private final PCollection<LateElement<K, V>> tooLate;

  private WindowedResult(
      TupleTag<KV<K, V>> onTimeTag,
      PCollection<KV<K, V>> onTime,
      TupleTag<LateElement<K, V>> tooLateTag,
      PCollection<LateElement<K, V>> tooLate) {
    this.onTimeTag = onTimeTag;
    this.onTime = onTime;
    this.tooLateTag = tooLateTag;
    this.tooLate = tooLate;
  }

  static <K, V> WindowedResult<K, V> of(
      TupleTag<KV<K, V>> onTimeTag,
      PCollection<KV<K, V>> onTime,
      TupleTag<LateElement<K, V>> tooLateTag,
      PCollection<LateElement<K, V>> tooLate) {
    return new WindowedResult<>(onTimeTag, onTime, tooLateTag, tooLate);
  }

  /**
   * Every element that was not too late, with its key, value and timestamp, in the windows,
   * trigger, allowed lateness and accumulation mode of the transform: group or combine it per key.
   */
  public PCollection<KV<K, V>> onTime() {
    return onTime;
  }

  /**
   * Elements later than the allowed lateness for all their windows, at their own timestamps in the
   * global window, encoded with {@link LateElementCoder}.
   */
  public PCollection<LateElement<K, V>> tooLate() {
    return tooLate;
  }

  @Override
  public Pipeline getPipeline() {
    return onTime.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return ImmutableMap.of(onTimeTag, onTime, tooLateTag, tooLate);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
