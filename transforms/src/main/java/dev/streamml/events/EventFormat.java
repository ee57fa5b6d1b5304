package dev.streamml.events;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Where the parts of an {@link Event} are in a JSON object or a CSV line.
 *
 * <p>JSON: the key, timestamp, label and id are top-level fields; features are the listed value
 * fields or, when none are listed, every other top-level numeric field plus the numeric fields of
 * an optional {@code "features"} object. CSV: the columns are named in order, and the same field
 * names pick the parts. Without a key field (or with {@link #withDefaultKey}) every event gets the
 * default key; without a timestamp field the record's own timestamp (Kafka's, for instance) is the
 * event time.
 *
 * <p>Limits that make a record a dead letter: payloads above {@link #getMaxPayloadBytes()} (1 MiB
 * by default), event times outside [{@link #getEarliest()}, {@link #getLatest()}] (1970 to 2200)
 * or more than {@link #getMaxFutureSkew()} after the record's timestamp (off by default), and
 * numbers whose magnitude exceeds {@link #getMaxAbsValue()} (off by default); NaN and infinities
 * always.
 *
 * <pre>{@code
 * EventFormat json = EventFormat.json();  // {"key": "a", "timestamp": "...", "value": 1.5}
 * EventFormat nab =
 *     EventFormat.csv("timestamp", "value").withDefaultKey("machine_temperature");
 * EventFormat elec2 =
 *     EventFormat.csv("period", "nswprice", "nswdemand", "vicprice", "vicdemand", "transfer", "class")
 *         .withDefaultKey("elec2").withRecordTimestamp().withLabelField("class");
 * }</pre>
 */
public final class EventFormat implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The text syntax of a record. */
  public enum Syntax {
    JSON,
    CSV
  }

  public static final String DEFAULT_KEY_FIELD = "key";
  public static final String DEFAULT_TIMESTAMP_FIELD = "timestamp";
  /** Records larger than this are dead letters: 1 MiB. */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 20;
  /** Earliest accepted event time: 1970-01-01T00:00:00Z. */
  public static final Instant DEFAULT_EARLIEST = new Instant(0);
  /** Latest accepted event time: 2200-01-01T00:00:00Z. */
  public static final Instant DEFAULT_LATEST = Instant.parse("2200-01-01T00:00:00Z");

  private Syntax syntax;
  private List<String> columns;
  private char delimiter = ',';
  private @Nullable String keyField = DEFAULT_KEY_FIELD;
  private @Nullable String defaultKey;
  private @Nullable String timestampField = DEFAULT_TIMESTAMP_FIELD;
  private TimestampFormat timestampFormat = TimestampFormat.AUTO;
  private List<String> valueFields = Collections.emptyList();
  private @Nullable String labelField;
  private @Nullable String idField;
  private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
  private Instant earliest = DEFAULT_EARLIEST;
  private Instant latest = DEFAULT_LATEST;
  private @Nullable Duration maxFutureSkew;
  private double maxAbsValue = Double.MAX_VALUE;

  private EventFormat(Syntax syntax, List<String> columns) {
    this.syntax = syntax;
    this.columns = columns;
  }

  /** JSON objects with fields {@code key}, {@code timestamp} and numeric features. */
  public static EventFormat json() {
    return new EventFormat(Syntax.JSON, Collections.emptyList());
  }

  /** CSV lines with these columns, in order. */
  public static EventFormat csv(String... columns) {
    return csv(Arrays.asList(columns));
  }

  /** CSV lines with these columns, in order. */
  public static EventFormat csv(List<String> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a CSV format needs at least one column name");
    }
    if (columns.stream().distinct().count() != columns.size()) {
      throw new IllegalArgumentException("CSV column names must be unique: " + columns);
    }
    EventFormat format =
        new EventFormat(Syntax.CSV, Collections.unmodifiableList(new ArrayList<>(columns)));
    if (!columns.contains(DEFAULT_KEY_FIELD)) {
      format.keyField = null;
    }
    if (!columns.contains(DEFAULT_TIMESTAMP_FIELD)) {
      format.timestampField = null;
    }
    return format;
  }

  private EventFormat copy() {
    EventFormat copy = new EventFormat(syntax, columns);
    copy.delimiter = delimiter;
    copy.keyField = keyField;
    copy.defaultKey = defaultKey;
    copy.timestampField = timestampField;
    copy.timestampFormat = timestampFormat;
    copy.valueFields = valueFields;
    copy.labelField = labelField;
    copy.idField = idField;
    copy.maxPayloadBytes = maxPayloadBytes;
    copy.earliest = earliest;
    copy.latest = latest;
    copy.maxFutureSkew = maxFutureSkew;
    copy.maxAbsValue = maxAbsValue;
    return copy;
  }

  private void requireColumn(String what, @Nullable String field) {
    if (field != null && syntax == Syntax.CSV && !columns.contains(field)) {
      throw new IllegalArgumentException(
          what + " '" + field + "' is not one of the CSV columns " + columns);
    }
  }

  /** The field that holds the key. */
  public EventFormat withKeyField(String field) {
    requireColumn("key field", field);
    EventFormat copy = copy();
    copy.keyField = Objects.requireNonNull(field);
    return copy;
  }

  /** Every event gets this key; a key field, if set, is ignored. */
  public EventFormat withDefaultKey(String key) {
    EventFormat copy = copy();
    copy.defaultKey = Objects.requireNonNull(key);
    copy.keyField = null;
    return copy;
  }

  /** The field that holds the event time. */
  public EventFormat withTimestampField(String field) {
    requireColumn("timestamp field", field);
    EventFormat copy = copy();
    copy.timestampField = Objects.requireNonNull(field);
    return copy;
  }

  /** Event time is the record's own timestamp (the Kafka record timestamp, say). */
  public EventFormat withRecordTimestamp() {
    EventFormat copy = copy();
    copy.timestampField = null;
    return copy;
  }

  public EventFormat withTimestampFormat(TimestampFormat format) {
    EventFormat copy = copy();
    copy.timestampFormat = Objects.requireNonNull(format);
    return copy;
  }

  /** Only these fields are features, in this order; each must be present and numeric. */
  public EventFormat withValueFields(List<String> fields) {
    if (fields.stream().distinct().count() != fields.size()) {
      throw new IllegalArgumentException("value fields must be unique: " + fields);
    }
    for (String field : fields) {
      requireColumn("value field", field);
    }
    EventFormat copy = copy();
    copy.valueFields = Collections.unmodifiableList(new ArrayList<>(fields));
    return copy;
  }

  public EventFormat withValueFields(String... fields) {
    return withValueFields(Arrays.asList(fields));
  }

  /** The field that holds the label (numeric, or true/false). */
  public EventFormat withLabelField(String field) {
    requireColumn("label field", field);
    EventFormat copy = copy();
    copy.labelField = Objects.requireNonNull(field);
    return copy;
  }

  /** The field that holds the event id. */
  public EventFormat withIdField(String field) {
    requireColumn("id field", field);
    EventFormat copy = copy();
    copy.idField = Objects.requireNonNull(field);
    return copy;
  }

  /** The CSV delimiter; it cannot be the quote character {@code "} or a line break. */
  public EventFormat withDelimiter(char newDelimiter) {
    if (newDelimiter == '"' || newDelimiter == '\r' || newDelimiter == '\n') {
      throw new IllegalArgumentException(
          "the CSV delimiter cannot be a quote or a line break, got '"
              + (newDelimiter == '"' ? "\"" : newDelimiter == '\r' ? "\\r" : "\\n")
              + "'");
    }
    EventFormat copy = copy();
    copy.delimiter = newDelimiter;
    return copy;
  }

  /** Larger records are dead letters. */
  public EventFormat withMaxPayloadBytes(int bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("max payload bytes must be positive, got " + bytes);
    }
    EventFormat copy = copy();
    copy.maxPayloadBytes = bytes;
    return copy;
  }

  /** Event times outside [earliest, latest] are dead letters. */
  public EventFormat withTimestampBounds(Instant newEarliest, Instant newLatest) {
    if (!newEarliest.isBefore(newLatest)) {
      throw new IllegalArgumentException(
          "earliest timestamp " + newEarliest + " must be before latest " + newLatest);
    }
    if (newEarliest.isBefore(BoundedWindow.TIMESTAMP_MIN_VALUE)
        || newLatest.isAfter(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
      throw new IllegalArgumentException("timestamp bounds must lie within Beam's timestamp range");
    }
    EventFormat copy = copy();
    copy.earliest = newEarliest;
    copy.latest = newLatest;
    return copy;
  }

  /**
   * Event times more than {@code skew} after the record's own timestamp are dead letters. The
   * record timestamp is when the record was written (Kafka's CreateTime, say), so this catches
   * clocks and payloads that claim the future; such an event would otherwise push the watermark
   * ahead and make every later on-time event late. Off by default.
   */
  public EventFormat withMaxFutureSkew(Duration skew) {
    if (skew.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("max future skew must not be negative, got " + skew);
    }
    EventFormat copy = copy();
    copy.maxFutureSkew = skew;
    return copy;
  }

  /**
   * Numbers (features and labels) whose magnitude exceeds {@code limit} are dead letters: finite
   * but huge values overflow sums of squares downstream. Off by default ({@link Double#MAX_VALUE}).
   */
  public EventFormat withMaxAbsValue(double limit) {
    if (!(limit > 0) || Double.isInfinite(limit)) {
      throw new IllegalArgumentException(
          "max absolute value must be positive and finite, got " + limit);
    }
    EventFormat copy = copy();
    copy.maxAbsValue = limit;
    return copy;
  }

  public Syntax getSyntax() {
    return syntax;
  }

  public List<String> getColumns() {
    return columns;
  }

  public char getDelimiter() {
    return delimiter;
  }

  public @Nullable String getKeyField() {
    return keyField;
  }

  public @Nullable String getDefaultKey() {
    return defaultKey;
  }

  public @Nullable String getTimestampField() {
    return timestampField;
  }

  public TimestampFormat getTimestampFormat() {
    return timestampFormat;
  }

  public List<String> getValueFields() {
    return valueFields;
  }

  public @Nullable String getLabelField() {
    return labelField;
  }

  public @Nullable String getIdField() {
    return idField;
  }

  public int getMaxPayloadBytes() {
    return maxPayloadBytes;
  }

  public Instant getEarliest() {
    return earliest;
  }

  public Instant getLatest() {
    return latest;
  }

  /** How far event time may run ahead of the record timestamp, or null for no limit. */
  public @Nullable Duration getMaxFutureSkew() {
    return maxFutureSkew;
  }

  public double getMaxAbsValue() {
    return maxAbsValue;
  }

  @Override
  public String toString() {
    return syntax
        + (columns.isEmpty() ? "" : String.valueOf(columns))
        + "{key="
        + (defaultKey != null ? "'" + defaultKey + "'" : keyField)
        + ", timestamp="
        + (timestampField == null ? "<record>" : timestampField)
        + ", values="
        + (valueFields.isEmpty() ? "<numeric>" : valueFields)
        + (labelField == null ? "" : ", label=" + labelField)
        + (idField == null ? "" : ", id=" + idField)
        + "}";
  }
}
