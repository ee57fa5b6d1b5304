package dev.streamml.events;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.joda.time.Instant;

/**
 * Raw bytes as they arrived, with where they came from: the input of {@link ParseEvents}.
 *
 * <p>The source is a topic, file or any name; partition and offset are {@link #UNKNOWN} when the
 * source has none. The timestamp is the record's own time (a Kafka record timestamp, say), used as
 * event time when the payload carries none.
 *
 * <pre>{@code
 * RawRecord fromKafka = RawRecord.of(bytes, "events", 3, 1234L, recordTimestamp);
 * RawRecord line = RawRecord.ofText("sensor-1,2024-01-01 00:00:00,3.5", "replay.csv", now);
 * }</pre>
 */
@DefaultCoder(RawRecordCoder.class)
public final class RawRecord implements Serializable {

  /** Partition or offset of a source that has none. */
  public static final long UNKNOWN = -1;

  private final byte[] payload;
  private final String source;
  private final int partition;
  private final long offset;
  private final Instant timestamp;

  private RawRecord(byte[] payload, String source, int partition, long offset, Instant timestamp) {
    this.payload = Objects.requireNonNull(payload, "payload");
    this.source = Objects.requireNonNull(source, "source");
    this.partition = partition;
    this.offset = offset;
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
  }

  public static RawRecord of(
      byte[] payload, String source, int partition, long offset, Instant timestamp) {
    return new RawRecord(payload, source, partition, offset, timestamp);
  }

  /** A record without partition and offset, such as a line of a file. */
  public static RawRecord ofText(String text, String source, Instant timestamp) {
    return new RawRecord(
        text.getBytes(StandardCharsets.UTF_8), source, (int) UNKNOWN, UNKNOWN, timestamp);
  }

  /** The original bytes. Callers must not modify the returned array. */
  public byte[] getPayload() {
    return payload;
  }

  public String getSource() {
    return source;
  }

  public int getPartition() {
    return partition;
  }

  public long getOffset() {
    return offset;
  }

  public Instant getTimestamp() {
    return timestamp;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof RawRecord)) {
      return false;
    }
    RawRecord that = (RawRecord) other;
    return Arrays.equals(payload, that.payload)
        && source.equals(that.source)
        && partition == that.partition
        && offset == that.offset
        && timestamp.equals(that.timestamp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(payload), source, partition, offset, timestamp);
  }

  @Override
  public String toString() {
    return "RawRecord{source=" + source + ", partition=" + partition + ", offset=" + offset
        + ", timestamp=" + timestamp + ", bytes=" + payload.length + "}";
  }
}
