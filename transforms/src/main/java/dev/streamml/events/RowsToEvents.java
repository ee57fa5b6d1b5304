package dev.streamml.events;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.joda.time.ReadableInstant;

/**
 * Turns Beam schema {@link Row}s into {@link Event}s, so every streamml transform takes rows from
 * any schema-aware source (Beam SQL, Avro, Parquet, JDBC, {@code Create.of(rows)}) with the field
 * names you choose. Rows that cannot become an event go to dead letters, with the row's text as the
 * payload and the reason, and are counted: nothing is dropped silently.
 *
 * <p>Field types: the key may be of any type (its text is the key); the timestamp may be a
 * {@code DATETIME}, a number (Unix seconds or milliseconds, as {@link TimestampFormat#AUTO}) or a
 * string (ISO-8601 or {@code yyyy-MM-dd HH:mm:ss}); values and the label may be any numeric type or
 * a numeric string. A schema that lacks a configured field fails when the pipeline is built, with
 * the schema's field names in the message. Without a timestamp field the element's timestamp is
 * the event time.
 *
 * <p>Windows are preserved; events are output at their event time. Metrics, in {@value
 * ParseEvents#METRICS_NAMESPACE}: {@code parsed} and {@code dead_letters}, as for {@link
 * ParseEvents}.
 *
 * <pre>{@code
 * PCollection<Row> readings = ...; // schema: sensor STRING, ts DATETIME, temp DOUBLE, hum DOUBLE
 * ParseEvents.Result events =
 *     readings.apply(
 *         "ToEvents",
 *         RowsToEvents.create()
 *             .withKeyField("sensor")
 *             .withTimestampField("ts")
 *             .withValueFields("temp", "hum"));
 * events.deadLetters().apply(...);  // rows with a null or non-numeric value, with the reason
 * events.events().apply(WindowedFeatures.ofEvents("temp").windowedBy(window, trigger));
 * }</pre>
 */
public final class RowsToEvents extends PTransform<PCollection<Row>, ParseEvents.Result> {
  /** Stage named in the dead letters of this transform. */
  public static final String STAGE = "rows";

  /** Default key field. */
  public static final String DEFAULT_KEY_FIELD = "key";

  /** Default timestamp field. */
  public static final String DEFAULT_TIMESTAMP_FIELD = "timestamp";

  /** Default value field, read into feature {@link Event#VALUE}. */
  public static final String DEFAULT_VALUE_FIELD = Event.VALUE;

  private static final TupleTag<Event> EVENTS = new TupleTag<Event>() {};
  private static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<DeadLetter>() {};

  private final @Nullable String keyField;
  private final @Nullable String defaultKey;
  private final @Nullable String timestampField;
  private final List<String> valueFields;
  private final @Nullable String labelField;
  private final @Nullable String idField;

  private RowsToEvents(
      @Nullable String keyField,
      @Nullable String defaultKey,
      @Nullable String timestampField,
      List<String> valueFields,
      @Nullable String labelField,
      @Nullable String idField) {
    this.keyField = keyField;
    this.defaultKey = defaultKey;
    this.timestampField = timestampField;
    this.valueFields = List.copyOf(valueFields);
    this.labelField = labelField;
    this.idField = idField;
  }

  /** Fields {@code key}, {@code timestamp} and {@code value}; no label, no id. */
  public static RowsToEvents create() {
    return new RowsToEvents(
        DEFAULT_KEY_FIELD, null, DEFAULT_TIMESTAMP_FIELD, List.of(DEFAULT_VALUE_FIELD), null, null);
  }

  /** The field whose text is the event key. */
  public RowsToEvents withKeyField(String field) {
    return new RowsToEvents(
        nonEmpty("key field", field), null, timestampField, valueFields, labelField, idField);
  }

  /** One key for every row, for rows that carry none. */
  public RowsToEvents withDefaultKey(String key) {
    return new RowsToEvents(
        null, nonEmpty("default key", key), timestampField, valueFields, labelField, idField);
  }

  /** The event-time field. */
  public RowsToEvents withTimestampField(String field) {
    return new RowsToEvents(
        keyField, defaultKey, nonEmpty("timestamp field", field), valueFields, labelField, idField);
  }

  /** Use each element's timestamp as the event time instead of a field. */
  public RowsToEvents withElementTimestamps() {
    return new RowsToEvents(keyField, defaultKey, null, valueFields, labelField, idField);
  }

  /** The numeric fields read into the event's features, under the same names, in this order. */
  public RowsToEvents withValueFields(String... fields) {
    if (fields.length == 0) {
      throw new IllegalArgumentException("at least one value field is needed");
    }
    List<String> names = new ArrayList<>();
    for (String field : fields) {
      String name = nonEmpty("value field", field);
      if (names.contains(name)) {
        throw new IllegalArgumentException("value field '" + name + "' is given twice");
      }
      names.add(name);
    }
    return new RowsToEvents(keyField, defaultKey, timestampField, names, labelField, idField);
  }

  /** The numeric label field (class index or target), for online learning. */
  public RowsToEvents withLabelField(String field) {
    return new RowsToEvents(
        keyField, defaultKey, timestampField, valueFields, nonEmpty("label field", field), idField);
  }

  /** The field whose text is the event id. */
  public RowsToEvents withIdField(String field) {
    return new RowsToEvents(
        keyField, defaultKey, timestampField, valueFields, labelField, nonEmpty("id field", field));
  }

  private static String nonEmpty(String what, @Nullable String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(what + " should not be empty");
    }
    return value;
  }

  @Override
  public ParseEvents.Result expand(PCollection<Row> input) {
    if (!input.hasSchema()) {
      throw new IllegalArgumentException(
          "RowsToEvents needs a PCollection<Row> with a schema (setRowSchema or a schema-aware"
              + " source)");
    }
    Schema schema = input.getSchema();
    List<String> needed = new ArrayList<>(valueFields);
    for (String field : new String[] {keyField, timestampField, labelField, idField}) {
      if (field != null) {
        needed.add(field);
      }
    }
    for (String field : needed) {
      if (!schema.hasField(field)) {
        throw new IllegalArgumentException(
            "the rows have no field '" + field + "'; their fields: " + schema.getFieldNames());
      }
    }
    PCollectionTuple outputs =
        input.apply(
            "RowToEvent",
            ParDo.of(new ToEventFn(this))
                .withOutputTags(EVENTS, TupleTagList.of(DEAD_LETTERS)));
    return new ParseEvents.Result(
        outputs.get(EVENTS).setCoder(EventCoder.of()),
        outputs.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of()));
  }

  private static final class ToEventFn extends DoFn<Row, Event> {
    private final RowsToEvents spec;
    private final Counter parsed = Metrics.counter(ParseEvents.METRICS_NAMESPACE, "parsed");
    private final Counter deadLetters =
        Metrics.counter(ParseEvents.METRICS_NAMESPACE, "dead_letters");

    ToEventFn(RowsToEvents spec) {
      this.spec = spec;
    }

    @ProcessElement
    public void processElement(
        @Element Row row, @Timestamp Instant elementTime, MultiOutputReceiver out) {
      Event event;
      try {
        event = toEvent(row, elementTime);
      } catch (EventParseException | RuntimeException e) {
        String reason =
            e instanceof EventParseException
                ? e.getMessage()
                : "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
        deadLetters.inc();
        out.get(DEAD_LETTERS)
            .output(DeadLetter.of(RawRecord.ofText(row.toString(), "row", elementTime), STAGE,
                reason));
        return;
      }
      parsed.inc();
      out.get(EVENTS).outputWithTimestamp(event, event.getTimestamp());
    }

    private Event toEvent(Row row, Instant elementTime) throws EventParseException {
      String key =
          spec.keyField == null
              ? Objects.requireNonNull(spec.defaultKey)
              : text(row, spec.keyField);
      Instant time =
          spec.timestampField == null ? elementTime : timestamp(row, spec.timestampField);
      Event.Builder builder = Event.builder(key, time);
      for (String field : spec.valueFields) {
        builder.feature(field, number(row, field));
      }
      if (spec.labelField != null) {
        builder.label(number(row, spec.labelField));
      }
      if (spec.idField != null) {
        builder.id(text(row, spec.idField));
      }
      return builder.build();
    }

    private static String text(Row row, String field) throws EventParseException {
      Object value = row.getValue(field);
      if (value == null) {
        throw new EventParseException("field '" + field + "' is null");
      }
      return value.toString();
    }

    private static Instant timestamp(Row row, String field) throws EventParseException {
      Object value = row.getValue(field);
      if (value == null) {
        throw new EventParseException("timestamp field '" + field + "' is null");
      }
      if (value instanceof ReadableInstant) {
        return ((ReadableInstant) value).toInstant();
      }
      if (value instanceof java.time.Instant) {
        return Instant.ofEpochMilli(((java.time.Instant) value).toEpochMilli());
      }
      if (value instanceof Number) {
        return TimestampFormat.AUTO.fromNumber(((Number) value).doubleValue());
      }
      if (value instanceof CharSequence) {
        return TimestampFormat.AUTO.parse(value.toString());
      }
      throw new EventParseException(
          "timestamp field '" + field + "' has unsupported type " + value.getClass().getName());
    }

    private static double number(Row row, String field) throws EventParseException {
      Object value = row.getValue(field);
      double number;
      if (value == null) {
        throw new EventParseException("field '" + field + "' is null");
      } else if (value instanceof BigDecimal) {
        number = ((BigDecimal) value).doubleValue();
      } else if (value instanceof Number) {
        number = ((Number) value).doubleValue();
      } else if (value instanceof CharSequence) {
        try {
          number = Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
          throw new EventParseException(
              "field '" + field + "' is not a number: '" + value + "'");
        }
      } else {
        throw new EventParseException(
            "field '" + field + "' has unsupported type " + value.getClass().getName());
      }
      if (!Double.isFinite(number)) {
        throw new EventParseException("field '" + field + "' is not finite: " + number);
      }
      return number;
    }

    // Event time may precede the element's timestamp (row time vs. ingestion time); lateness is
    // judged later against the watermark by the windowing step, not here.
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }
}
