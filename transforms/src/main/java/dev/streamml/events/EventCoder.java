package dev.streamml.events;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;

/**
 * The explicit, deterministic coder of {@link Event}: key, timestamp millis, feature count, then
 * each feature's name and value, then an optional label and an optional id.
 *
 * <pre>{@code
 * PCollection<Event> events = input.apply(ParDo.of(new ToEventFn())).setCoder(EventCoder.of());
 * }</pre>
 */
public final class EventCoder extends CustomCoder<Event> {

  private static final EventCoder INSTANCE = new EventCoder();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final int HAS_LABEL = 1;
  private static final int HAS_ID = 2;

  private EventCoder() {}

  public static EventCoder of() {
    return INSTANCE;
  }

  /**
   * What {@code @DefaultCoder(EventCoder.class)} on {@link Event} calls: Beam's default-coder
   * lookup needs this static method, and without it falls back to {@code SerializableCoder}.
   */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(Event.class), INSTANCE);
  }

  @Override
  public void encode(Event event, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    STRING.encode(event.getKey(), out);
    data.writeLong(event.getTimestamp().getMillis());
    List<String> names = event.getFeatureNames();
    VarInt.encode(names.size(), out);
    for (int i = 0; i < names.size(); i++) {
      STRING.encode(names.get(i), out);
      data.writeDouble(event.valueAt(i));
    }
    Double label = event.getLabel();
    String id = event.getId();
    data.writeByte((label == null ? 0 : HAS_LABEL) | (id == null ? 0 : HAS_ID));
    if (label != null) {
      data.writeDouble(label);
    }
    if (id != null) {
      STRING.encode(id, out);
    }
    data.flush();
  }

  @Override
  public Event decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    String key = STRING.decode(in);
    Instant timestamp = new Instant(data.readLong());
    int count = VarInt.decodeInt(in);
    List<String> names = new ArrayList<>(count);
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      names.add(STRING.decode(in));
      values[i] = data.readDouble();
    }
    int flags = data.readByte();
    Double label = (flags & HAS_LABEL) != 0 ? data.readDouble() : null;
    String id = (flags & HAS_ID) != 0 ? STRING.decode(in) : null;
    return new Event(key, timestamp, Collections.unmodifiableList(names), values, label, id);
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }

  // CustomCoder does not define equality; a coder must equal its deserialized copy.
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof EventCoder;
  }

  @Override
  public int hashCode() {
    return EventCoder.class.getName().hashCode();
  }
}
