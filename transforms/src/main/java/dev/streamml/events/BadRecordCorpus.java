package dev.streamml.events;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.BiFunction;
import javax.annotation.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A reproducible mix of valid and malformed records for one {@link EventFormat}, to show that a
 * pipeline keeps running and dead-letters every bad record with its original bytes: broken syntax,
 * wrong types, NaN and infinities, huge numbers, empty payloads, invalid UTF-8, event times far in
 * the past or the future, oversized payloads and missing fields ({@link Kind}).
 *
 * <p>The format must be JSON with the fields {@code key}, {@code timestamp} and {@code value}, or
 * CSV with the columns {@code key,timestamp,value}. Limits come from the format: oversized records
 * are {@link EventFormat#getMaxPayloadBytes()} plus a few hundred bytes, future times go past
 * {@link EventFormat#getMaxFutureSkew()} (when set), huge numbers past {@link
 * EventFormat#getMaxAbsValue()} (when set). Each bad record says which part of the dead letter's
 * reason it must produce, written down here rather than asked of the parser.
 *
 * <pre>{@code
 * EventFormat format = EventFormat.json().withValueFields("value").withMaxPayloadBytes(4096)
 *     .withMaxFutureSkew(Duration.standardDays(1)).withMaxAbsValue(1e15);
 * BadRecordCorpus corpus = BadRecordCorpus.of(format, Instant.parse("2024-03-01T00:00:00Z"), 42);
 * List<BadRecordCorpus.Sample> mix = corpus.mixed(20_000, 2_000); // valid and bad, shuffled
 * List<BadRecordCorpus.Sample> stream = corpus.interleaved(20_000, 2_000); // valid in time order
 * }</pre>
 */
public final class BadRecordCorpus {

  /** The kinds of malformed records, each cycled through several variants. */
  public enum Kind {
    BROKEN_SYNTAX,
    WRONG_TYPE,
    NAN,
    INFINITY,
    HUGE_NUMBER,
    EMPTY,
    INVALID_UTF8,
    TIMESTAMP_PAST,
    TIMESTAMP_FUTURE,
    OVERSIZED,
    MISSING_FIELD
  }

  /**
   * One record: its bytes and record timestamp, and for a bad one its kind and a part of the reason
   * it must be rejected with; for a valid one its key, event time and value.
   */
  public static final class Sample {
    private final byte[] payload;
    private final Instant recordTimestamp;
    private final @Nullable Kind kind;
    private final @Nullable String reasonContains;
    private final @Nullable String key;
    private final @Nullable Instant eventTime;
    private final double value;

    private Sample(
        byte[] payload,
        Instant recordTimestamp,
        @Nullable Kind kind,
        @Nullable String reasonContains,
        @Nullable String key,
        @Nullable Instant eventTime,
        double value) {
      this.payload = payload;
      this.recordTimestamp = recordTimestamp;
      this.kind = kind;
      this.reasonContains = reasonContains;
      this.key = key;
      this.eventTime = eventTime;
      this.value = value;
    }

    /** The record's bytes. Callers must not modify the array. */
    public byte[] getPayload() {
      return payload;
    }

    /** The record's own timestamp (for Kafka: the producer record timestamp). */
    public Instant getRecordTimestamp() {
      return recordTimestamp;
    }

    public boolean isBad() {
      return kind != null;
    }

    /** The kind of a bad record; null for a valid one. */
    public @Nullable Kind getKind() {
      return kind;
    }

    /** Text the dead letter's reason must contain; null for a valid record. */
    public @Nullable String getReasonContains() {
      return reasonContains;
    }

    /** The key of a valid record; null for a bad one. */
    public @Nullable String getKey() {
      return key;
    }

    /** The event time of a valid record; null for a bad one. */
    public @Nullable Instant getEventTime() {
      return eventTime;
    }

    /** The value of a valid record; NaN for a bad one. */
    public double getValue() {
      return value;
    }

    @Override
    public String toString() {
      return (kind == null ? "valid" : kind.name())
          + "{bytes="
          + payload.length
          + ", text="
          + TimestampFormat.abbreviate(new String(payload, StandardCharsets.UTF_8))
          + "}";
    }
  }

  private static final int KEYS = 10;

  private final EventFormat format;
  private final Instant start;
  private final long seed;

  private BadRecordCorpus(EventFormat format, Instant start, long seed) {
    this.format = format;
    this.start = start;
    this.seed = seed;
  }

  /**
   * A corpus for {@code format} whose valid events start at {@code start}, one per second; the
   * same seed gives the same records.
   */
  public static BadRecordCorpus of(EventFormat format, Instant start, long seed) {
    Objects.requireNonNull(format, "format");
    boolean json =
        format.getSyntax() == EventFormat.Syntax.JSON
            && "key".equals(format.getKeyField())
            && "timestamp".equals(format.getTimestampField())
            && format.getValueFields().equals(List.of("value"));
    boolean csv =
        format.getSyntax() == EventFormat.Syntax.CSV
            && format.getColumns().equals(List.of("key", "timestamp", "value"))
            && "key".equals(format.getKeyField());
    if (!json && !csv) {
      throw new IllegalArgumentException(
          "the corpus needs JSON with key and timestamp fields and value field 'value', or CSV"
              + " columns key,timestamp,value; got " + format);
    }
    if (format.getMaxPayloadBytes() < 256) {
      throw new IllegalArgumentException(
          "the corpus needs a payload limit of at least 256 bytes, got "
              + format.getMaxPayloadBytes());
    }
    return new BadRecordCorpus(format, Objects.requireNonNull(start, "start"), seed);
  }

  /** The i-th valid record: key {@code k<i mod 10>}, event time start + i seconds. */
  public Sample valid(int i) {
    Random random = new Random(seed * 31 + i);
    String key = "k" + (i % KEYS);
    Instant at = start.plus(Duration.standardSeconds(i));
    // Multiples of 1/4: sums are exact in any order, so tests can compare them exactly.
    double value = (random.nextInt(4001) - 2000) / 4.0;
    return new Sample(record(key, iso(at), number(value)), at, null, null, key, at, value);
  }

  /** The i-th bad record: kinds in turn, variants of a kind in turn. */
  public Sample bad(int i) {
    Kind[] kinds = Kind.values();
    Kind kind = kinds[i % kinds.length];
    int variant = i / kinds.length;
    Random random = new Random(seed * 17 + i);
    // Bad records carry a record timestamp among the valid ones: they must not drag the
    // watermark anywhere the valid events are not.
    Instant recordTime = start.plus(Duration.standardSeconds(random.nextInt(60)));
    return badOf(kind, variant, random, recordTime);
  }

  /** {@code good} valid and {@code bad} malformed records, shuffled with the corpus's seed. */
  public List<Sample> mixed(int good, int bad) {
    List<Sample> all = new ArrayList<>(good + bad);
    for (int i = 0; i < good; i++) {
      all.add(valid(i));
    }
    for (int i = 0; i < bad; i++) {
      all.add(bad(i));
    }
    Collections.shuffle(all, new Random(seed));
    return all;
  }

  /**
   * {@code good} valid records in event-time order with {@code bad} malformed ones inserted at
   * seeded random places: what a stream with a bad producer looks like, and a mix in which no valid
   * event is late.
   */
  public List<Sample> interleaved(int good, int bad) {
    Random random = new Random(seed);
    List<Sample> all = new ArrayList<>(good + bad);
    for (int i = 0; i < good; i++) {
      all.add(valid(i));
    }
    for (int i = 0; i < bad; i++) {
      all.add(random.nextInt(all.size() + 1), bad(i));
    }
    return all;
  }

  private boolean isJson() {
    return format.getSyntax() == EventFormat.Syntax.JSON;
  }

  private Sample badOf(Kind kind, int variant, Random random, Instant recordTime) {
    String key = "k" + random.nextInt(KEYS);
    String at = iso(recordTime);
    BiFunction<byte[], String, Sample> bad =
        (payload, reason) -> new Sample(payload, recordTime, kind, reason, null, null, Double.NaN);
    switch (kind) {
      case BROKEN_SYNTAX:
        if (isJson()) {
          byte[] whole = record(key, at, "1.5");
          int cut = 1 + random.nextInt(whole.length - 1); // any proper prefix of an object
          return bad.apply(Arrays.copyOf(whole, cut), "invalid JSON");
        }
        return bad.apply(utf8("\"" + key + "," + at + ",1.5"), "invalid CSV");
      case WRONG_TYPE:
        switch (variant % 3) {
          case 0:
            return bad.apply(
                record(key, at, isJson() ? quoted("12.5") : "12.5kg"), "'value' is not a number");
          case 1:
            return isJson()
                ? bad.apply(jsonRecord("true", quoted(at), "1"), "must be text or an integer")
                : bad.apply(utf8(key + "," + at + ",twelve"), "'value' is not a number");
          default:
            return isJson()
                ? bad.apply(jsonRecord(quoted(key), "{\"t\":1}", "1"), "must be a number or text")
                : bad.apply(utf8(key + ",yesterday,1"), "'yesterday' is not ISO-8601");
        }
      case NAN:
        if (isJson()) {
          return variant % 2 == 0
              ? bad.apply(jsonRecord(quoted(key), quoted(at), "NaN"), "'NaN'")
              : bad.apply(jsonRecord(quoted(key), quoted(at), "\"NaN\""), "\"NaN\"");
        }
        return bad.apply(utf8(key + "," + at + ",NaN"), "'NaN'");
      case INFINITY:
        switch (variant % 3) {
          case 0:
            return bad.apply(record(key, at, "1e400"), "is not finite");
          case 1:
            return bad.apply(record(key, at, "-1e999"), "is not finite");
          default:
            return bad.apply(record(key, at, "Infinity"), "Infinity");
        }
      case HUGE_NUMBER:
        if (variant % 2 == 0 || format.getMaxAbsValue() == Double.MAX_VALUE) {
          // 400 digits: finite in text, infinite as a double.
          return bad.apply(record(key, at, "9" + "0".repeat(399)), "is not finite");
        }
        return bad.apply(record(key, at, "1e300"), "exceeds the limit of +/-");
      case EMPTY:
        return bad.apply(new byte[0], "empty payload");
      case INVALID_UTF8:
        {
          byte[][] invalid = {
            {(byte) 0xFF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xC3, 0x28}
          };
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          byte[] whole = record(key, at, "2.5");
          int split = isJson() ? 9 : 1; // inside the key: {"key":"k| or k|
          bytes.write(whole, 0, split);
          byte[] broken = invalid[variant % invalid.length];
          bytes.write(broken, 0, broken.length);
          bytes.write(whole, split, whole.length - split);
          return bad.apply(bytes.toByteArray(), "payload is not valid UTF-8");
        }
      case TIMESTAMP_PAST:
        {
          String[] past = {"1969-12-31T23:59:59Z", "1900-01-01T00:00:00Z", "0001-01-01T00:00:00Z"};
          return bad.apply(record(key, past[variant % past.length], "1"), "is outside [");
        }
      case TIMESTAMP_FUTURE:
        {
          Duration skew = format.getMaxFutureSkew();
          if (skew != null && variant % 2 == 0) {
            Instant ahead =
                recordTime.plus(skew).plus(Duration.standardMinutes(1 + random.nextInt(100_000)));
            if (!ahead.isAfter(format.getLatest())) {
              return bad.apply(record(key, iso(ahead), "1"), "ahead of the record timestamp");
            }
          }
          return bad.apply(record(key, "2500-06-01T00:00:00Z", "1"), "is outside [");
        }
      case OVERSIZED:
        {
          int size = format.getMaxPayloadBytes() + 1 + random.nextInt(500);
          String prefix = isJson() ? "{\"key\":\"" : "";
          String suffix =
              isJson() ? "\",\"timestamp\":\"" + at + "\",\"value\":1}" : "," + at + ",1";
          int padding = size - prefix.length() - key.length() - suffix.length();
          String padded = prefix + key + "x".repeat(padding) + suffix;
          return bad.apply(utf8(padded), "payload of " + size + " bytes exceeds the limit of");
        }
      case MISSING_FIELD:
        if (isJson()) {
          return variant % 2 == 0
              ? bad.apply(utf8("{\"timestamp\":\"" + at + "\",\"value\":1}"), "missing field 'key'")
              : bad.apply(utf8("{\"key\":\"" + key + "\",\"value\":1}"), "missing timestamp field");
        }
        return bad.apply(utf8(key + "," + at), "expected 3 CSV columns");
      default:
        throw new AssertionError(kind);
    }
  }

  /** A record with these parts, the value written as given (a number literal or a JSON token). */
  private byte[] record(String key, String timestamp, String valueLiteral) {
    return isJson()
        ? jsonRecord(quoted(key), quoted(timestamp), valueLiteral)
        : utf8(key + "," + timestamp + "," + unquote(valueLiteral));
  }

  private static byte[] jsonRecord(String keyJson, String timestampJson, String valueJson) {
    return utf8(
        "{\"key\":" + keyJson + ",\"timestamp\":" + timestampJson + ",\"value\":" + valueJson
            + "}");
  }

  private static String unquote(String literal) {
    return literal.startsWith("\"") ? literal.substring(1, literal.length() - 1) : literal;
  }

  private static String quoted(String text) {
    return "\"" + text + "\"";
  }

  private static String iso(Instant at) {
    return at.toString();
  }

  private static String number(double value) {
    return Double.toString(value);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
