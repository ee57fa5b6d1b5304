package dev.streamml.drift;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;

/**
 * Deterministic coder of {@link DriftEvent}: key, timestamp, detector id, state name, detections,
 * count. The state is written by name so that reordering {@link DriftState} keeps old data
 * readable.
 *
 * <pre>{@code
 * PCollection<DriftEvent> drifts = ...;
 * drifts.setCoder(DriftEventCoder.of());
 * }</pre>
 */
public final class DriftEventCoder extends AtomicCoder<DriftEvent> {

  private static final long serialVersionUID = 1L;
  private static final DriftEventCoder INSTANCE = new DriftEventCoder();

  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final InstantCoder INSTANT = InstantCoder.of();
  private static final VarLongCoder LONG = VarLongCoder.of();

  private DriftEventCoder() {}

  public static DriftEventCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(DriftEvent value, OutputStream out) throws IOException {
    if (value == null) {
      throw new CoderException("cannot encode a null DriftEvent");
    }
    STRING.encode(value.key(), out);
    INSTANT.encode(value.timestamp(), out);
    STRING.encode(value.detector(), out);
    STRING.encode(value.state().name(), out);
    LONG.encode(value.detections(), out);
    LONG.encode(value.count(), out);
  }

  @Override
  public DriftEvent decode(InputStream in) throws IOException {
    String key = STRING.decode(in);
    org.joda.time.Instant timestamp = INSTANT.decode(in);
    String detector = STRING.decode(in);
    String state = STRING.decode(in);
    long detections = LONG.decode(in);
    long count = LONG.decode(in);
    try {
      return DriftEvent.of(key, timestamp, detector, DriftState.valueOf(state), detections, count);
    } catch (IllegalArgumentException e) {
      throw new CoderException("unknown drift state " + state, e);
    }
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
