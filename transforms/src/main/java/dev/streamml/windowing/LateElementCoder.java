package dev.streamml.windowing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StructuredCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Coder of {@link LateElement}: key and value with the given coders, then the timestamp, the
 * windows, the watermark and the lateness in milliseconds. Deterministic when the key and value
 * coders are.
 *
 * <pre>{@code
 * tooLate.setCoder(LateElementCoder.of(StringUtf8Coder.of(), DoubleCoder.of()));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class LateElementCoder<K, V> extends StructuredCoder<LateElement<K, V>> {
  private static final InstantCoder INSTANT_CODER = InstantCoder.of();
  private static final ListCoder<IntervalWindow> WINDOWS_CODER =
      ListCoder.of(IntervalWindow.getCoder());
  private static final VarLongCoder MILLIS_CODER = VarLongCoder.of();

  private final Coder<K> keyCoder;
  private final Coder<V> valueCoder;

  private LateElementCoder(Coder<K> keyCoder, Coder<V> valueCoder) {
    this.keyCoder = keyCoder;
    this.valueCoder = valueCoder;
  }

  /** Encodes keys with {@code keyCoder} and values with {@code valueCoder}. */
  public static <K, V> LateElementCoder<K, V> of(Coder<K> keyCoder, Coder<V> valueCoder) {
    if (keyCoder == null || valueCoder == null) {
      throw new IllegalArgumentException("LateElementCoder needs a key coder and a value coder");
    }
    return new LateElementCoder<>(keyCoder, valueCoder);
  }

  /** The coder of the keys. */
  public Coder<K> getKeyCoder() {
    return keyCoder;
  }

  /** The coder of the values. */
  public Coder<V> getValueCoder() {
    return valueCoder;
  }

  @Override
  public void encode(LateElement<K, V> element, OutputStream out) throws IOException {
    keyCoder.encode(element.key(), out);
    valueCoder.encode(element.value(), out);
    INSTANT_CODER.encode(element.timestamp(), out);
    WINDOWS_CODER.encode(element.windows(), out);
    INSTANT_CODER.encode(element.inputWatermark(), out);
    MILLIS_CODER.encode(element.lateness().getMillis(), out);
  }

  @Override
  public LateElement<K, V> decode(InputStream in) throws IOException {
    K key = keyCoder.decode(in);
    V value = valueCoder.decode(in);
    Instant timestamp = INSTANT_CODER.decode(in);
    List<IntervalWindow> windows = WINDOWS_CODER.decode(in);
    Instant inputWatermark = INSTANT_CODER.decode(in);
    Duration lateness = Duration.millis(MILLIS_CODER.decode(in));
    return LateElement.of(key, value, timestamp, windows, inputWatermark, lateness);
  }

  @Override
  public List<? extends Coder<?>> getCoderArguments() {
    return Arrays.asList(keyCoder, valueCoder);
  }

  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    verifyDeterministic(this, "the key coder must be deterministic", keyCoder);
    verifyDeterministic(this, "the value coder must be deterministic", valueCoder);
  }
}
