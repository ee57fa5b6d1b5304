package dev.streamml.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamml.windowing.DurationText;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.annotation.Nullable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Turns one record's bytes into an {@link Event} following an {@link EventFormat}, or says in one
 * line why it cannot: invalid UTF-8, oversized or empty payloads, broken JSON or CSV, missing
 * fields, wrong types, NaN and infinities, and event times outside the format's bounds.
 *
 * <p>A parser is serialisable and cheap to copy; it builds its JSON and CSV readers lazily.
 *
 * <pre>{@code
 * EventParser parser = EventParser.of(EventFormat.json());
 * Event event = parser.parse(bytes, kafkaRecordTimestamp); // throws EventParseException
 * }</pre>
 */
public final class EventParser implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String FEATURES_OBJECT = "features";

  /** A plain decimal number; Double.parseDouble would also take "1d", "2f" and "0x1p3". */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  private final EventFormat format;
  private transient @Nullable ObjectMapper json;
  private transient @Nullable CSVFormat csv;

  private EventParser(EventFormat format) {
    this.format = Objects.requireNonNull(format, "format");
  }

  public static EventParser of(EventFormat format) {
    return new EventParser(format);
  }

  public EventFormat getFormat() {
    return format;
  }

  /**
   * Parses a record.
   *
   * @param payload the record's bytes
   * @param recordTimestamp used as event time when the format has no timestamp field
   */
  public Event parse(byte[] payload, Instant recordTimestamp) throws EventParseException {
    String text = decode(payload);
    return format.getSyntax() == EventFormat.Syntax.JSON
        ? parseJson(text, recordTimestamp)
        : parseCsv(text, recordTimestamp);
  }

  /**
   * The event time of a record, or {@code fallback} when it cannot be read. Meant for watermark
   * policies, which must not fail: a record whose time cannot be read fails in {@link #parse}.
   */
  public Instant eventTimeOrDefault(byte[] payload, Instant fallback) {
    if (format.getTimestampField() == null) {
      return fallback;
    }
    try {
      return parse(payload, fallback).getTimestamp();
    } catch (EventParseException | RuntimeException e) {
      return fallback;
    }
  }

  private String decode(byte[] payload) throws EventParseException {
    if (payload.length == 0) {
      throw new EventParseException("empty payload");
    }
    if (payload.length > format.getMaxPayloadBytes()) {
      throw new EventParseException(
          "payload of "
              + payload.length
              + " bytes exceeds the limit of "
              + format.getMaxPayloadBytes()
              + " bytes");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload))
          .toString();
    } catch (CharacterCodingException e) {
      throw new EventParseException("payload is not valid UTF-8");
    }
  }

  private ObjectMapper json() {
    if (json == null) {
      json =
          new ObjectMapper()
              .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
    return json;
  }

  private Event parseJson(String text, Instant recordTimestamp) throws EventParseException {
    JsonNode root;
    try {
      root = json().readTree(text);
    } catch (JsonProcessingException e) {
      throw new EventParseException("invalid JSON: " + firstLine(e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new EventParseException(
          "JSON payload must be an object, got " + (root == null ? "nothing" : root.getNodeType()));
    }
    String key = format.getDefaultKey();
    if (key == null) {
      key = jsonText(root, requireField(format.getKeyField(), "key"));
    }
    Instant timestamp =
        format.getTimestampField() == null
            ? recordTimestamp
            : jsonTimestamp(root, format.getTimestampField());
    Event.Builder event = Event.builder(key, checkBounds(timestamp, recordTimestamp));
    if (!format.getValueFields().isEmpty()) {
      for (String field : format.getValueFields()) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
          throw new EventParseException("missing value field '" + field + "'");
        }
        event.feature(field, jsonNumber(node, field));
      }
    } else {
      int found = 0;
      Set<String> topLevel = new HashSet<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (isReserved(field.getKey()) || !field.getValue().isNumber()) {
          continue;
        }
        event.feature(field.getKey(), jsonNumber(field.getValue(), field.getKey()));
        topLevel.add(field.getKey());
        found++;
      }
      JsonNode features = root.get(FEATURES_OBJECT);
      if (features != null && features.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = features.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          if (topLevel.contains(field.getKey())) {
            // Event.Builder would throw IllegalArgumentException on the duplicate name.
            throw new EventParseException(
                "feature '"
                    + field.getKey()
                    + "' is both a top-level field and in the '"
                    + FEATURES_OBJECT
                    + "' object");
          }
          event.feature(field.getKey(), jsonNumber(field.getValue(), field.getKey()));
          found++;
        }
      }
      if (found == 0) {
        throw new EventParseException("no numeric feature fields");
      }
    }
    if (format.getLabelField() != null) {
      JsonNode label = root.get(format.getLabelField());
      if (label != null && !label.isNull()) {
        event.label(
            label.isBoolean()
                ? (label.booleanValue() ? 1.0 : 0.0)
                : jsonNumber(label, format.getLabelField()));
      }
    }
    if (format.getIdField() != null) {
      JsonNode id = root.get(format.getIdField());
      if (id != null && !id.isNull()) {
        event.id(jsonText(root, format.getIdField()));
      }
    }
    return event.build();
  }

  private boolean isReserved(String field) {
    return field.equals(format.getKeyField())
        || field.equals(format.getTimestampField())
        || field.equals(format.getLabelField())
        || field.equals(format.getIdField());
  }

  private static String requireField(@Nullable String field, String what)
      throws EventParseException {
    if (field == null) {
      throw new EventParseException("the format names no " + what + " field and no default key");
    }
    return field;
  }

  private static String jsonText(JsonNode root, String field) throws EventParseException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      throw new EventParseException("missing field '" + field + "'");
    }
    if (!node.isTextual() && !node.isIntegralNumber()) {
      throw new EventParseException(
          "field '" + field + "' must be text or an integer, got " + node.getNodeType());
    }
    String text = node.asText();
    if (text.isEmpty()) {
      throw new EventParseException("field '" + field + "' is empty");
    }
    return text;
  }

  private double jsonNumber(JsonNode node, String field) throws EventParseException {
    if (!node.isNumber()) {
      throw new EventParseException(
          "field '"
              + TimestampFormat.abbreviate(field)
              + "' is not a number: "
              + TimestampFormat.abbreviate(node.toString()));
    }
    double value = node.doubleValue();
    if (!Double.isFinite(value)) {
      throw new EventParseException(
          "field '" + TimestampFormat.abbreviate(field) + "' is not finite: " + node);
    }
    return checkMagnitude(value, "field '" + TimestampFormat.abbreviate(field) + "'");
  }

  private Instant jsonTimestamp(JsonNode root, String field) throws EventParseException {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      throw new EventParseException("missing timestamp field '" + field + "'");
    }
    if (node.isNumber()) {
      return format.getTimestampFormat().fromNumber(node.doubleValue());
    }
    if (node.isTextual()) {
      return format.getTimestampFormat().parse(node.textValue());
    }
    throw new EventParseException(
        "timestamp field '" + field + "' must be a number or text, got " + node.getNodeType());
  }

  private double checkMagnitude(double value, String what) throws EventParseException {
    if (Math.abs(value) > format.getMaxAbsValue()) {
      throw new EventParseException(
          what + " " + value + " exceeds the limit of +/-" + format.getMaxAbsValue());
    }
    return value;
  }

  private Instant checkBounds(Instant timestamp, Instant recordTimestamp)
      throws EventParseException {
    checkBounds(timestamp);
    Duration skew = format.getMaxFutureSkew();
    if (skew != null && timestamp.isAfter(recordTimestamp.plus(skew))) {
      throw new EventParseException(
          "event time "
              + timestamp
              + " is more than "
              + DurationText.format(skew)
              + " ahead of the record timestamp "
              + recordTimestamp);
    }
    return timestamp;
  }

  private Instant checkBounds(Instant timestamp) throws EventParseException {
    if (timestamp.isBefore(format.getEarliest()) || timestamp.isAfter(format.getLatest())) {
      throw new EventParseException(
          "event time "
              + timestamp
              + " is outside ["
              + format.getEarliest()
              + ", "
              + format.getLatest()
              + "]");
    }
    return timestamp;
  }

  private CSVFormat csv() {
    if (csv == null) {
      csv = CSVFormat.DEFAULT.builder().setDelimiter(format.getDelimiter()).build();
    }
    return csv;
  }

  private Event parseCsv(String text, Instant recordTimestamp) throws EventParseException {
    List<String> columns = format.getColumns();
    CSVRecord row;
    try (CSVParser parser = CSVParser.parse(stripLineEnd(text), csv())) {
      List<CSVRecord> rows = parser.getRecords();
      if (rows.size() != 1) {
        throw new EventParseException("expected one CSV line, got " + rows.size());
      }
      row = rows.get(0);
    } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
      // commons-csv wraps its CSVException in an UncheckedIOException: report the cause's text.
      Throwable cause =
          e instanceof java.io.UncheckedIOException && e.getCause() != null ? e.getCause() : e;
      throw new EventParseException("invalid CSV: " + firstLine(cause.getMessage()));
    }
    if (row.size() != columns.size()) {
      throw new EventParseException(
          "expected " + columns.size() + " CSV columns " + columns + ", got " + row.size());
    }
    String key = format.getDefaultKey();
    if (key == null) {
      key = row.get(columns.indexOf(requireField(format.getKeyField(), "key"))).trim();
      if (key.isEmpty()) {
        throw new EventParseException("column '" + format.getKeyField() + "' is empty");
      }
    }
    Instant timestamp =
        format.getTimestampField() == null
            ? recordTimestamp
            : format
                .getTimestampFormat()
                .parse(row.get(columns.indexOf(format.getTimestampField())));
    Event.Builder event = Event.builder(key, checkBounds(timestamp, recordTimestamp));
    List<String> valueFields = format.getValueFields();
    if (valueFields.isEmpty()) {
      for (int i = 0; i < columns.size(); i++) {
        String column = columns.get(i);
        if (!isReserved(column)) {
          event.feature(column, csvNumber(row.get(i), column));
        }
      }
    } else {
      // In the order of the value fields, as for JSON; not in column order.
      for (String field : valueFields) {
        event.feature(field, csvNumber(row.get(columns.indexOf(field)), field));
      }
    }
    if (format.getLabelField() != null) {
      String label = row.get(columns.indexOf(format.getLabelField())).trim();
      if (!label.isEmpty()) {
        event.label(csvLabel(label, format.getLabelField()));
      }
    }
    if (format.getIdField() != null) {
      String id = row.get(columns.indexOf(format.getIdField())).trim();
      if (!id.isEmpty()) {
        event.id(id);
      }
    }
    return event.build();
  }

  private double csvLabel(String text, String column) throws EventParseException {
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("up")) {
      return 1.0;
    }
    if (text.equalsIgnoreCase("false") || text.equalsIgnoreCase("down")) {
      return 0.0;
    }
    return csvNumber(text, column);
  }

  private double csvNumber(String text, String column) throws EventParseException {
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      throw new EventParseException("column '" + column + "' is empty");
    }
    if (!DECIMAL.matcher(trimmed).matches()) {
      throw new EventParseException(
          "column '" + column + "' is not a number: '" + TimestampFormat.abbreviate(trimmed) + "'");
    }
    double value = Double.parseDouble(trimmed);
    if (!Double.isFinite(value)) {
      throw new EventParseException("column '" + column + "' is not finite: " + trimmed);
    }
    return checkMagnitude(value, "column '" + column + "'");
  }

  private static String stripLineEnd(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return TimestampFormat.abbreviate(newline < 0 ? message : message.substring(0, newline));
  }
}
