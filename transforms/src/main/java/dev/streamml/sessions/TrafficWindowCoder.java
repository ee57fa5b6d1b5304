package dev.streamml.sessions;

import dev.streamml.features.PaneTiming;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;

/**
 * Deterministic coder of {@link TrafficWindow}.
 *
 * <pre>{@code
 * windows.setCoder(TrafficWindowCoder.of());
 * }</pre>
 */
public final class TrafficWindowCoder extends CustomCoder<TrafficWindow> {
  private static final TrafficWindowCoder INSTANCE = new TrafficWindowCoder();

  private TrafficWindowCoder() {}

  public static TrafficWindowCoder of() {
    return INSTANCE;
  }

  /** What {@code @DefaultCoder} on {@link TrafficWindow} calls. */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(TrafficWindow.class), INSTANCE);
  }

  @Override
  public void encode(TrafficWindow value, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeLong(value.windowStart().getMillis());
    data.writeLong(value.windowEnd().getMillis());
    data.writeByte(value.timing().ordinal());
    data.writeLong(value.paneIndex());
    data.writeBoolean(value.isFinal());
    data.writeLong(value.requests());
    data.writeLong(value.bytes());
    data.writeLong(value.errors());
    data.flush();
    encodeItems(value.topUrls(), out);
    encodeItems(value.topHosts(), out);
  }

  private static void encodeItems(List<TopItem> items, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(items.size());
    data.flush();
    for (TopItem item : items) {
      StringUtf8Coder.of().encode(item.item(), out);
      data.writeLong(item.estimate());
      data.writeLong(item.lowerBound());
      data.writeLong(item.upperBound());
      data.flush();
    }
  }

  @Override
  public TrafficWindow decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    Instant start = new Instant(data.readLong());
    Instant end = new Instant(data.readLong());
    PaneTiming timing = PaneTiming.values()[data.readByte()];
    long index = data.readLong();
    boolean isFinal = data.readBoolean();
    long requests = data.readLong();
    long bytes = data.readLong();
    long errors = data.readLong();
    List<TopItem> urls = decodeItems(in);
    List<TopItem> hosts = decodeItems(in);
    return new TrafficWindow(
        start, end, timing, index, isFinal, requests, bytes, errors, urls, hosts);
  }

  private static List<TopItem> decodeItems(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int size = data.readInt();
    List<TopItem> items = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      String item = StringUtf8Coder.of().decode(in);
      items.add(TopItem.of(item, data.readLong(), data.readLong(), data.readLong()));
    }
    return items;
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof TrafficWindowCoder;
  }

  @Override
  public int hashCode() {
    return TrafficWindowCoder.class.getName().hashCode();
  }
}
