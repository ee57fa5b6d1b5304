package dev.streamml.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.beam.sdk.util.SerializableUtils;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.experimental.runners.Enclosed;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameter;
import org.junit.runners.Parameterized.Parameters;

/**
 * Tests of {@link EventParser} and {@link EventFormat}: JSON and CSV happy paths, then a table of
 * bad inputs, each with the reason it must be rejected with.
 */
@RunWith(Enclosed.class)
public class EventParserTest {

  /** 2024-01-01T00:00:00Z. */
  static final Instant NEW_YEAR = new Instant(1_704_067_200_000L);

  /** The record's own timestamp (a Kafka timestamp, say): 2023-11-14T22:13:20Z. */
  static final Instant RECORD_TIME = new Instant(1_700_000_000_000L);

  static final EventFormat JSON = EventFormat.json();
  static final EventFormat NAB =
      EventFormat.csv("timestamp", "value").withDefaultKey("machine_temperature");

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static Event parse(EventFormat format, String text) throws EventParseException {
    return EventParser.of(format).parse(utf8(text), RECORD_TIME);
  }

  /** JSON records that parse. */
  @RunWith(JUnit4.class)
  public static class Json {

    @Test
    public void singleValue() throws Exception {
      Event event =
          parse(
              JSON, "{\"key\":\"sensor-7\",\"timestamp\":\"2024-01-01T00:00:00Z\",\"value\":21.5}");
      assertEquals(Event.of("sensor-7", NEW_YEAR, 21.5), event);
      assertEquals("sensor-7", event.getKey());
      assertEquals(1_704_067_200_000L, event.getTimestamp().getMillis());
      assertEquals(Arrays.asList("value"), event.getFeatureNames());
      assertEquals(21.5, event.value(), 0.0);
      assertNull(event.getLabel());
      assertNull(event.getId());
    }

    @Test
    public void explicitValueFieldsInTheirOrder() throws Exception {
      EventFormat format = JSON.withValueFields("temp", "hum");
      Event event =
          parse(
              format,
              "{\"key\":\"s1\",\"timestamp\":1704067200,\"hum\":40,\"other\":3,\"temp\":21.5}");
      assertEquals(Arrays.asList("temp", "hum"), event.getFeatureNames());
      assertArrayEquals(new double[] {21.5, 40.0}, event.values(), 0.0);
      assertEquals(NEW_YEAR, event.getTimestamp());
    }

    @Test
    public void autoFeaturesAreTheOtherNumericTopLevelFields() throws Exception {
      Event event =
          parse(
              JSON,
              "{\"b\":2,\"key\":\"s\",\"name\":\"x\",\"timestamp\":1704067200000,\"a\":-1.5,"
                  + "\"on\":true,\"nothing\":null,\"list\":[1,2],\"c\":3e2}");
      assertEquals(Arrays.asList("b", "a", "c"), event.getFeatureNames());
      assertArrayEquals(new double[] {2.0, -1.5, 300.0}, event.values(), 0.0);
      assertEquals(NEW_YEAR, event.getTimestamp());
    }

    @Test
    public void nestedFeaturesObjectComesAfterTopLevelFeatures() throws Exception {
      Event event =
          parse(
              JSON,
              "{\"key\":\"s\",\"timestamp\":1704067200,"
                  + "\"features\":{\"f1\":0.5,\"f2\":-3},\"v\":1}");
      assertEquals(Arrays.asList("v", "f1", "f2"), event.getFeatureNames());
      assertArrayEquals(new double[] {1.0, 0.5, -3.0}, event.values(), 0.0);
    }

    @Test
    public void featuresObjectAlone() throws Exception {
      Event event = parse(JSON, "{\"key\":\"s\",\"timestamp\":1704067200,\"features\":{\"x\":7}}");
      assertEquals(Arrays.asList("x"), event.getFeatureNames());
      assertEquals(7.0, event.value(), 0.0);
    }

    @Test
    public void numericLabelIsNotAFeature() throws Exception {
      EventFormat format = JSON.withLabelField("label");
      Event event = parse(format, "{\"key\":\"s\",\"timestamp\":1704067200,\"x\":1,\"label\":2}");
      assertEquals(Double.valueOf(2.0), event.getLabel());
      assertEquals(Arrays.asList("x"), event.getFeatureNames());

      assertEquals(
          Double.valueOf(0.25),
          parse(format, "{\"key\":\"s\",\"timestamp\":1704067200,\"x\":1,\"label\":0.25}")
              .getLabel());
    }

    @Test
    public void booleanLabel() throws Exception {
      EventFormat format = JSON.withLabelField("anomaly");
      assertEquals(
          Double.valueOf(1.0),
          parse(format, "{\"key\":\"s\",\"timestamp\":1704067200,\"x\":1,\"anomaly\":true}")
              .getLabel());
      assertEquals(
          Double.valueOf(0.0),
          parse(format, "{\"key\":\"s\",\"timestamp\":1704067200,\"x\":1,\"anomaly\":false}")
              .getLabel());
    }

    @Test
    public void absentOrNullLabelIsNoLabel() throws Exception {
      EventFormat format = JSON.withLabelField("label");
      assertNull(parse(format, "{\"key\":\"s\",\"timestamp\":1704067200,\"x\":1}").getLabel());
      assertNull(
          parse(format, "{\"key\":\"s\",\"timestamp\":1704067200,\"x\":1,\"label\":null}")
              .getLabel());
    }

    @Test
    public void textAndIntegerId() throws Exception {
      EventFormat format = JSON.withIdField("id");
      assertEquals(
          "row-17",
          parse(format, "{\"key\":\"s\",\"timestamp\":1704067200,\"x\":1,\"id\":\"row-17\"}")
              .getId());
      Event numbered = parse(format, "{\"key\":\"s\",\"timestamp\":1704067200,\"x\":1,\"id\":17}");
      assertEquals("17", numbered.getId());
      assertEquals(Arrays.asList("x"), numbered.getFeatureNames());
      assertNull(parse(format, "{\"key\":\"s\",\"timestamp\":1704067200,\"x\":1}").getId());
    }

    @Test
    public void labelAndIdTogether() throws Exception {
      EventFormat format = JSON.withLabelField("y").withIdField("id");
      Event event =
          parse(
              format,
              "{\"id\":\"r1\",\"key\":\"meter-1\",\"timestamp\":\"2024-01-01T00:00:00Z\","
                  + "\"price\":0.05,\"demand\":0.42,\"y\":1}");
      Event expected =
          Event.builder("meter-1", NEW_YEAR)
              .feature("price", 0.05)
              .feature("demand", 0.42)
              .label(1.0)
              .id("r1")
              .build();
      assertEquals(expected, event);
    }

    @Test
    public void integerKey() throws Exception {
      assertEquals("42", parse(JSON, "{\"key\":42,\"timestamp\":1704067200,\"value\":1}").getKey());
      assertEquals("-7", parse(JSON, "{\"key\":-7,\"timestamp\":1704067200,\"value\":1}").getKey());
      assertEquals(
          "123456789012345678901234567890",
          parse(
                  JSON,
                  "{\"key\":123456789012345678901234567890,\"timestamp\":1704067200,\"value\":1}")
              .getKey());
    }

    @Test
    public void unicodeKey() throws Exception {
      assertEquals(
          "Zürich ☃",
          parse(JSON, "{\"key\":\"Zürich ☃\",\"timestamp\":1704067200,\"value\":1}").getKey());
      assertEquals(
          "Zürich",
          parse(JSON, "{\"key\":\"Z\\u00fcrich\",\"timestamp\":1704067200,\"value\":1}").getKey());
    }

    @Test
    public void customKeyAndTimestampFieldsAndFormat() throws Exception {
      EventFormat format =
          JSON.withKeyField("device")
              .withTimestampField("ts")
              .withTimestampFormat(TimestampFormat.EPOCH_MILLIS);
      Event event = parse(format, "{\"device\":\"d1\",\"ts\":1704067200000,\"temp\":20}");
      assertEquals(Event.builder("d1", NEW_YEAR).feature("temp", 20.0).build(), event);
    }

    @Test
    public void defaultKeyOverridesTheKeyField() throws Exception {
      Event event =
          parse(
              JSON.withDefaultKey("all"),
              "{\"key\":\"ignored\",\"timestamp\":1704067200,\"value\":1}");
      assertEquals("all", event.getKey());
      assertEquals(Arrays.asList("value"), event.getFeatureNames());
    }

    @Test
    public void recordTimestampIsEventTimeWithoutTimestampField() throws Exception {
      Event event = parse(JSON.withRecordTimestamp(), "{\"key\":\"s\",\"value\":1}");
      assertEquals(RECORD_TIME, event.getTimestamp());
    }

    @Test
    public void nabStyleTextTimestampInJson() throws Exception {
      Event event =
          parse(JSON, "{\"key\":\"s\",\"timestamp\":\"2014-04-10 00:02:00.5\",\"value\":1}");
      assertEquals(1_397_088_120_500L, event.getTimestamp().getMillis());
    }

    @Test
    public void hugeButFiniteNumbersAreAccepted() throws Exception {
      Event event =
          parse(
              JSON,
              "{\"key\":\"s\",\"timestamp\":1704067200,"
                  + "\"big\":123456789012345678901234567890,\"bigger\":1e300,\"tiny\":-1e-300}");
      assertEquals(1.2345678901234568E29, event.feature("big"), 0.0);
      assertEquals(1e300, event.feature("bigger"), 0.0);
      assertEquals(-1e-300, event.feature("tiny"), 0.0);
    }

    @Test
    public void timestampBoundsAreInclusive() throws Exception {
      assertEquals(
          0L,
          parse(JSON, "{\"key\":\"s\",\"timestamp\":0,\"value\":1}").getTimestamp().getMillis());
      assertEquals(
          new Instant(7_258_118_400_000L), // 2200-01-01T00:00:00Z
          parse(JSON, "{\"key\":\"s\",\"timestamp\":\"2200-01-01T00:00:00Z\",\"value\":1}")
              .getTimestamp());
      assertEquals(new Instant(7_258_118_400_000L), EventFormat.DEFAULT_LATEST);
    }

    @Test
    public void whitespaceAndLineEndAroundTheObject() throws Exception {
      assertEquals(
          Event.of("s", NEW_YEAR, 1.0),
          parse(JSON, "  {\"key\":\"s\",\"timestamp\":1704067200,\"value\":1}\r\n"));
    }

    @Test
    public void payloadExactlyAtTheLimitIsAccepted() throws Exception {
      String text = "{\"key\":\"s\",\"timestamp\":0,\"v\":1}"; // 31 bytes
      assertEquals(31, utf8(text).length);
      assertEquals(
          Event.builder("s", new Instant(0)).feature("v", 1.0).build(),
          parse(JSON.withMaxPayloadBytes(31), text));
    }

    @Test
    public void parserSurvivesJavaSerialization() throws Exception {
      EventParser parser = EventParser.of(JSON.withLabelField("label"));
      parser.parse(utf8("{\"key\":\"s\",\"timestamp\":0,\"v\":1}"), RECORD_TIME); // builds mapper
      EventParser copy = SerializableUtils.clone(parser);
      Event event =
          copy.parse(utf8("{\"key\":\"s\",\"timestamp\":0,\"v\":1,\"label\":true}"), RECORD_TIME);
      assertEquals(Double.valueOf(1.0), event.getLabel());
      assertEquals("label", copy.getFormat().getLabelField());
    }

    @Test
    public void eventTimeOrDefault() {
      EventParser parser = EventParser.of(JSON);
      Instant fallback = new Instant(5L);
      assertEquals(
          NEW_YEAR,
          parser.eventTimeOrDefault(
              utf8("{\"key\":\"s\",\"timestamp\":1704067200,\"v\":1}"), fallback));
      assertEquals(fallback, parser.eventTimeOrDefault(utf8("{broken"), fallback));
      assertEquals(fallback, parser.eventTimeOrDefault(new byte[0], fallback));
      assertEquals(
          fallback,
          EventParser.of(JSON.withRecordTimestamp())
              .eventTimeOrDefault(
                  utf8("{\"key\":\"s\",\"timestamp\":1704067200,\"v\":1}"), fallback));
    }
  }

  /** CSV records that parse. */
  @RunWith(JUnit4.class)
  public static class Csv {

    @Test
    public void nabTimestampValueWithDefaultKey() throws Exception {
      Event event = parse(NAB, "2013-12-02 21:15:00,73.96732207");
      assertEquals("machine_temperature", event.getKey());
      assertEquals(1_386_018_900_000L, event.getTimestamp().getMillis());
      assertEquals(Arrays.asList("value"), event.getFeatureNames());
      assertEquals(73.96732207, event.value(), 0.0);
      assertNull(event.getLabel());
      assertNull(event.getId());
    }

    @Test
    public void nabWithLineEndAndSpaces() throws Exception {
      assertEquals(
          Event.of("machine_temperature", new Instant(1_397_088_120_000L), 3.5),
          parse(NAB, "2014-04-10 00:02:00, 3.5 \r\n"));
    }

    @Test
    public void elec2ColumnsWithClassLabel() throws Exception {
      EventFormat elec2 =
          EventFormat.csv(
                  "period", "nswprice", "nswdemand", "vicprice", "vicdemand", "transfer", "class")
              .withDefaultKey("elec2")
              .withRecordTimestamp()
              .withLabelField("class");
      Event up = parse(elec2, "0.000000,0.056443,0.439155,0.003467,0.422915,0.414912,UP");
      assertEquals("elec2", up.getKey());
      assertEquals(RECORD_TIME, up.getTimestamp());
      assertEquals(
          Arrays.asList("period", "nswprice", "nswdemand", "vicprice", "vicdemand", "transfer"),
          up.getFeatureNames());
      assertArrayEquals(
          new double[] {0.0, 0.056443, 0.439155, 0.003467, 0.422915, 0.414912}, up.values(), 0.0);
      assertEquals(Double.valueOf(1.0), up.getLabel());

      Event down = parse(elec2, "0.021277,0.051699,0.415055,0.003467,0.422915,0.414912,DOWN");
      assertEquals(Double.valueOf(0.0), down.getLabel());
      assertEquals(0.021277, down.feature("period"), 0.0);

      assertEquals(Double.valueOf(1.0), parse(elec2, "0,0,0,0,0,0,true").getLabel());
      assertEquals(Double.valueOf(3.0), parse(elec2, "0,0,0,0,0,0,3").getLabel());
      assertNull(parse(elec2, "0,0,0,0,0,0,").getLabel());
    }

    @Test
    public void quotedFields() throws Exception {
      EventFormat format = EventFormat.csv("key", "timestamp", "value");
      Event event = parse(format, "\"sensor, north\",\"2024-01-01 00:00:00\",\"-1.25e2\"");
      assertEquals(Event.of("sensor, north", NEW_YEAR, -125.0), event);

      Event quoted = parse(format, "\"say \"\"hi\"\"\",1704067200,\"7\"");
      assertEquals("say \"hi\"", quoted.getKey());
      assertEquals(7.0, quoted.value(), 0.0);
    }

    @Test
    public void keyColumnTimestampColumnAndIdWithSemicolons() throws Exception {
      EventFormat format =
          EventFormat.csv("key", "timestamp", "a", "b", "id").withIdField("id").withDelimiter(';');
      Event event = parse(format, "k1;1704067200;1;2.5;row-9");
      assertEquals(
          Event.builder("k1", NEW_YEAR).feature("a", 1.0).feature("b", 2.5).id("row-9").build(),
          event);
    }

    @Test
    public void valueFieldsPickColumnsInTheirOwnOrder() throws Exception {
      EventFormat format =
          EventFormat.csv("key", "timestamp", "a", "note", "b").withValueFields("b", "a");
      Event event = parse(format, "k,1704067200,1,free text,2");
      // "in this order", like JSON: b before a even though a's column comes first
      assertEquals(Arrays.asList("b", "a"), event.getFeatureNames());
      assertArrayEquals(new double[] {2.0, 1.0}, event.values(), 0.0);
    }

    @Test
    public void customTimestampColumnAndFormat() throws Exception {
      EventFormat format =
          EventFormat.csv("time", "value")
              .withDefaultKey("k")
              .withTimestampField("time")
              .withTimestampFormat(TimestampFormat.EPOCH_SECONDS);
      assertEquals(Event.of("k", NEW_YEAR, 1.0), parse(format, "1704067200,1"));
    }

    @Test
    public void numberSyntaxes() throws Exception {
      assertEquals(-0.5, parse(NAB, "1704067200,-.5").value(), 0.0);
      assertEquals(5.0, parse(NAB, "1704067200,+5").value(), 0.0);
      assertEquals(1.0, parse(NAB, "1704067200,1.").value(), 0.0);
      assertEquals(1.5e-3, parse(NAB, "1704067200,1.5E-3").value(), 0.0);
    }
  }

  /** Formats that are misconfigured fail when they are built, not on every record. */
  @RunWith(JUnit4.class)
  public static class Configuration {

    private static void assertIllegal(String message, Runnable build) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build.run());
      assertEquals(message, e.getMessage());
    }

    @Test
    public void csvColumns() {
      assertIllegal("a CSV format needs at least one column name", () -> EventFormat.csv());
      assertIllegal(
          "CSV column names must be unique: [a, b, a]", () -> EventFormat.csv("a", "b", "a"));
    }

    @Test
    public void fieldsMustBeCsvColumns() {
      assertIllegal(
          "key field 'device' is not one of the CSV columns [timestamp, value]",
          () -> NAB.withKeyField("device"));
      assertIllegal(
          "label field 'class' is not one of the CSV columns [timestamp, value]",
          () -> NAB.withLabelField("class"));
      assertIllegal(
          "value field 'x' is not one of the CSV columns [timestamp, value]",
          () -> NAB.withValueFields("value", "x"));
    }

    @Test
    public void valueFieldsMustBeUnique() {
      assertIllegal("value fields must be unique: [x, x]", () -> JSON.withValueFields("x", "x"));
    }

    @Test
    public void delimiterCannotBeQuoteOrLineBreak() {
      assertIllegal(
          "the CSV delimiter cannot be a quote or a line break, got '\"'",
          () -> NAB.withDelimiter('"'));
      assertIllegal(
          "the CSV delimiter cannot be a quote or a line break, got '\\n'",
          () -> NAB.withDelimiter('\n'));
      assertIllegal(
          "the CSV delimiter cannot be a quote or a line break, got '\\r'",
          () -> NAB.withDelimiter('\r'));
    }

    @Test
    public void limitsAndBounds() {
      assertIllegal("max payload bytes must be positive, got 0", () -> JSON.withMaxPayloadBytes(0));
      assertIllegal(
          "earliest timestamp 2024-01-01T00:00:00.000Z must be before latest"
              + " 2024-01-01T00:00:00.000Z",
          () -> JSON.withTimestampBounds(NEW_YEAR, NEW_YEAR));
    }

    @Test
    public void withersCopy() {
      EventFormat original = EventFormat.json();
      EventFormat changed = original.withLabelField("y").withMaxPayloadBytes(10);
      assertNull(original.getLabelField());
      assertEquals(EventFormat.DEFAULT_MAX_PAYLOAD_BYTES, original.getMaxPayloadBytes());
      assertEquals(1_048_576, EventFormat.DEFAULT_MAX_PAYLOAD_BYTES);
      assertEquals("y", changed.getLabelField());
      assertEquals(10, changed.getMaxPayloadBytes());
    }

    @Test
    public void csvWithoutKeyOrTimestampColumnHasNoSuchField() {
      EventFormat format = EventFormat.csv("a", "b");
      assertNull(format.getKeyField());
      assertNull(format.getTimestampField());
      assertEquals("key", EventFormat.csv("key", "timestamp", "v").getKeyField());
      assertEquals("timestamp", EventFormat.csv("key", "timestamp", "v").getTimestampField());
    }
  }

  /**
   * The table of bad inputs. Each must throw {@link EventParseException} (nothing else) with the
   * given reason; a reason ending in "..." is a prefix (for messages that quote Jackson).
   */
  @RunWith(Parameterized.class)
  public static class BadInputs {

    private static final String NOT_A_TIME =
        "' is not ISO-8601 or yyyy-MM-dd HH:mm:ss or a Unix time";
    private static final EventFormat JSON_VALUE = JSON.withValueFields("value");

    @Parameters(name = "{0}")
    public static Collection<Object[]> cases() {
      List<Object[]> cases = new ArrayList<>();
      // --- JSON syntax ---
      add(
          cases,
          "broken JSON",
          JSON,
          "{\"key\":\"a\",\"timestamp\":0,\"value\":1",
          "invalid JSON: Unexpected end-of-input: expected close marker for Object...");
      add(
          cases,
          "unquoted name",
          JSON,
          "{key:\"a\"}",
          "invalid JSON: Unexpected character ('k' (code 107)): was expecting double-q...");
      add(
          cases,
          "JSON array instead of object",
          JSON,
          "[{\"key\":\"a\",\"timestamp\":0,\"value\":1}]",
          "JSON payload must be an object, got ARRAY");
      add(
          cases,
          "JSON number instead of object",
          JSON,
          "42",
          "JSON payload must be an object, got NUMBER");
      add(cases, "JSON null", JSON, "null", "JSON payload must be an object, got NULL");
      add(
          cases,
          "trailing garbage",
          JSON,
          "{\"key\":\"a\",\"timestamp\":0,\"value\":1} x",
          "invalid JSON: Unrecognized token 'x'...");
      add(
          cases,
          "trailing second object",
          JSON,
          "{\"key\":\"a\",\"timestamp\":0,\"value\":1}{}",
          "invalid JSON: Trailing token (of type START_OBJECT) found after value...");
      add(
          cases,
          "duplicate keys",
          JSON,
          "{\"key\":\"a\",\"timestamp\":0,\"value\":1,\"value\":2}",
          "invalid JSON: Duplicate field 'value'...");
      add(
          cases,
          "duplicate keys in features object",
          JSON,
          "{\"key\":\"a\",\"timestamp\":0,\"features\":{\"x\":1,\"x\":2}}",
          "invalid JSON: Duplicate field 'x'...");
      add(
          cases,
          "feature both top level and in features object",
          JSON,
          "{\"key\":\"a\",\"timestamp\":0,\"x\":1,\"features\":{\"x\":2}}",
          "feature 'x' is both a top-level field and in the 'features' object");
      add(
          cases,
          "NaN literal",
          JSON,
          "{\"key\":\"a\",\"timestamp\":0,\"value\":NaN}",
          "invalid JSON: Non-standard token 'NaN'...");
      add(
          cases,
          "Infinity literal",
          JSON,
          "{\"key\":\"a\",\"timestamp\":0,\"value\":Infinity}",
          "invalid JSON: Non-standard token 'Infinity'...");
      add(
          cases,
          "UTF-8 byte order mark",
          JSON,
          "\uFEFF{\"key\":\"a\",\"timestamp\":0,\"value\":1}",
          "invalid JSON: Unexpected character...");
      add(
          cases,
          "nesting too deep",
          JSON,
          "[".repeat(2000),
          "invalid JSON: Depth (1001) exceeds the maximum allowed nesting depth (1000)...");
      add(
          cases,
          "number too long",
          JSON,
          "{\"key\":\"a\",\"timestamp\":0,\"value\":" + "9".repeat(1500) + "}",
          "invalid JSON: Number length (1500) exceeds the maximum length (1000)");
      // --- JSON types and values ---
      add(
          cases,
          "string value in explicit value field",
          JSON_VALUE,
          "{\"key\":\"a\",\"timestamp\":0,\"value\":\"1.5\"}",
          "field 'value' is not a number: \"1.5\"");
      add(
          cases,
          "boolean value in explicit value field",
          JSON_VALUE,
          "{\"key\":\"a\",\"timestamp\":0,\"value\":true}",
          "field 'value' is not a number: true");
      add(
          cases,
          "string value without value fields",
          JSON,
          "{\"key\":\"a\",\"timestamp\":0,\"value\":\"1.5\"}",
          "no numeric feature fields");
      add(
          cases,
          "missing explicit value field",
          JSON_VALUE,
          "{\"key\":\"a\",\"timestamp\":0,\"other\":1}",
          "missing value field 'value'");
      add(
          cases,
          "null explicit value field",
          JSON_VALUE,
          "{\"key\":\"a\",\"timestamp\":0,\"value\":null}",
          "missing value field 'value'");
      add(
          cases,
          "string in features object",
          JSON,
          "{\"key\":\"a\",\"timestamp\":0,\"features\":{\"x\":\"high\"}}",
          "field 'x' is not a number: \"high\"");
      add(
          cases,
          "1e400 is infinite",
          JSON,
          "{\"key\":\"a\",\"timestamp\":0,\"value\":1e400}",
          "field 'value' is not finite: \"Infinity\"");
      add(
          cases,
          "-1e400 is infinite",
          JSON_VALUE,
          "{\"key\":\"a\",\"timestamp\":0,\"value\":-1e400}",
          "field 'value' is not finite: \"-Infinity\"");
      add(
          cases,
          "integer of 400 digits is infinite",
          JSON,
          "{\"key\":\"a\",\"timestamp\":0,\"value\":1" + "0".repeat(400) + "}",
          "field 'value' is not finite: 1" + "0".repeat(400));
      add(
          cases,
          "string label",
          JSON.withLabelField("label"),
          "{\"key\":\"a\",\"timestamp\":0,\"value\":1,\"label\":\"yes\"}",
          "field 'label' is not a number: \"yes\"");
      add(
          cases,
          "field name with line break stays on one line",
          JSON,
          "{\"key\":\"a\",\"timestamp\":0,\"features\":{\"a\\nb\":\"x\"}}",
          "field 'a\\nb' is not a number: \"x\"");
      // --- payload ---
      add(cases, "empty payload", JSON, new byte[0], "empty payload");
      add(cases, "empty CSV payload", NAB, new byte[0], "empty payload");
      add(
          cases,
          "whitespace-only payload",
          JSON,
          "   \n",
          "JSON payload must be an object, got MISSING");
      add(
          cases,
          "whitespace-only CSV payload",
          NAB,
          "   ",
          "expected 2 CSV columns [timestamp, value], got 1");
      add(cases, "line break only CSV payload", NAB, "\r\n", "expected one CSV line, got 0");
      add(
          cases,
          "invalid UTF-8 (C3 28)",
          JSON,
          new byte[] {(byte) 0xC3, 0x28},
          "payload is not valid UTF-8");
      add(
          cases,
          "invalid UTF-8 inside a JSON string",
          JSON,
          concat(
              utf8("{\"key\":\"a"),
              new byte[] {(byte) 0xFF},
              utf8("\",\"timestamp\":0,\"value\":1}")),
          "payload is not valid UTF-8");
      add(
          cases,
          "invalid UTF-8 in CSV",
          NAB,
          concat(utf8("1704067200,1"), new byte[] {(byte) 0xC0, (byte) 0x80}),
          "payload is not valid UTF-8");
      add(
          cases,
          "oversized payload",
          JSON.withMaxPayloadBytes(30),
          "{\"key\":\"s\",\"timestamp\":0,\"v\":1}",
          "payload of 31 bytes exceeds the limit of 30 bytes");
      add(
          cases,
          "oversized default limit",
          JSON,
          new byte[1_048_577],
          "payload of 1048577 bytes exceeds the limit of 1048576 bytes");
      // --- key, timestamp ---
      add(cases, "missing key", JSON, "{\"timestamp\":0,\"value\":1}", "missing field 'key'");
      add(
          cases,
          "null key",
          JSON,
          "{\"key\":null,\"timestamp\":0,\"value\":1}",
          "missing field 'key'");
      add(
          cases,
          "empty key",
          JSON,
          "{\"key\":\"\",\"timestamp\":0,\"value\":1}",
          "field 'key' is empty");
      add(
          cases,
          "object key",
          JSON,
          "{\"key\":{},\"timestamp\":0,\"value\":1}",
          "field 'key' must be text or an integer, got OBJECT");
      add(
          cases,
          "fractional key",
          JSON,
          "{\"key\":1.5,\"timestamp\":0,\"value\":1}",
          "field 'key' must be text or an integer, got NUMBER");
      add(
          cases,
          "fractional id",
          JSON.withIdField("id"),
          "{\"key\":\"a\",\"timestamp\":0,\"value\":1,\"id\":1.5}",
          "field 'id' must be text or an integer, got NUMBER");
      add(
          cases,
          "missing timestamp",
          JSON,
          "{\"key\":\"a\",\"value\":1}",
          "missing timestamp field 'timestamp'");
      add(
          cases,
          "boolean timestamp",
          JSON,
          "{\"key\":\"a\",\"timestamp\":true,\"value\":1}",
          "timestamp field 'timestamp' must be a number or text, got BOOLEAN");
      add(
          cases,
          "unreadable timestamp",
          JSON,
          "{\"key\":\"a\",\"timestamp\":\"soon\",\"value\":1}",
          "timestamp 'soon" + NOT_A_TIME);
      add(
          cases,
          "epoch millis timestamp with line break",
          JSON.withTimestampFormat(TimestampFormat.EPOCH_MILLIS),
          "{\"key\":\"a\",\"timestamp\":\"1\\n2\",\"value\":1}",
          "timestamp '1\\n2' is not a number (EPOCH_MILLIS)");
      add(
          cases,
          "timestamp '.'",
          JSON,
          "{\"key\":\"a\",\"timestamp\":\".\",\"value\":1}",
          "timestamp '." + NOT_A_TIME);
      add(
          cases,
          "timestamp 2023-02-30",
          JSON,
          "{\"key\":\"a\",\"timestamp\":\"2023-02-30 00:00:00\",\"value\":1}",
          "timestamp '2023-02-30 00:00:00" + NOT_A_TIME);
      add(
          cases,
          "timestamp beyond epoch millis",
          JSON,
          "{\"key\":\"a\",\"timestamp\":\"+999999999-12-31T00:00:00Z\",\"value\":1}",
          "timestamp '+999999999-12-31T00:00:00Z' is out of the representable range");
      add(
          cases,
          "timestamp far past (1900)",
          JSON,
          "{\"key\":\"a\",\"timestamp\":\"1900-01-01T00:00:00Z\",\"value\":1}",
          "event time 1900-01-01T00:00:00.000Z is outside"
              + " [1970-01-01T00:00:00.000Z, 2200-01-01T00:00:00.000Z]");
      add(
          cases,
          "timestamp far future (3000)",
          JSON,
          "{\"key\":\"a\",\"timestamp\":\"3000-01-01 00:00:00\",\"value\":1}",
          "event time 3000-01-01T00:00:00.000Z is outside"
              + " [1970-01-01T00:00:00.000Z, 2200-01-01T00:00:00.000Z]");
      add(
          cases,
          "timestamp one millisecond before 1970",
          JSON,
          "{\"key\":\"a\",\"timestamp\":\"1969-12-31T23:59:59.999Z\",\"value\":1}",
          "event time 1969-12-31T23:59:59.999Z is outside"
              + " [1970-01-01T00:00:00.000Z, 2200-01-01T00:00:00.000Z]");
      add(
          cases,
          "negative epoch seconds",
          JSON,
          "{\"key\":\"a\",\"timestamp\":-1,\"value\":1}",
          "event time 1969-12-31T23:59:59.000Z is outside"
              + " [1970-01-01T00:00:00.000Z, 2200-01-01T00:00:00.000Z]");
      add(
          cases,
          "record timestamp out of bounds",
          JSON.withRecordTimestamp().withTimestampBounds(NEW_YEAR, new Instant(1_735_689_600_000L)),
          "{\"key\":\"a\",\"value\":1}",
          "event time 2023-11-14T22:13:20.000Z is outside"
              + " [2024-01-01T00:00:00.000Z, 2025-01-01T00:00:00.000Z]");
      // --- CSV ---
      add(
          cases,
          "CSV too many columns",
          NAB,
          "2014-04-10 00:02:00,3.5,4",
          "expected 2 CSV columns [timestamp, value], got 3");
      add(
          cases,
          "CSV too few columns",
          NAB,
          "3.5",
          "expected 2 CSV columns [timestamp, value], got 1");
      add(
          cases,
          "CSV non-numeric cell",
          NAB,
          "2014-04-10 00:02:00,abc",
          "column 'value' is not a number: 'abc'");
      add(cases, "CSV empty cell", NAB, "2014-04-10 00:02:00,", "column 'value' is empty");
      add(cases, "CSV blank cell", NAB, "2014-04-10 00:02:00,  ", "column 'value' is empty");
      add(
          cases,
          "CSV header line as data",
          NAB,
          "timestamp,value",
          "timestamp 'timestamp" + NOT_A_TIME);
      add(
          cases,
          "CSV header line of Elec2 as data",
          EventFormat.csv("period", "nswprice", "class")
              .withDefaultKey("elec2")
              .withRecordTimestamp()
              .withLabelField("class"),
          "period,nswprice,class",
          "column 'period' is not a number: 'period'");
      add(cases, "CSV empty timestamp", NAB, ",3.5", "timestamp is empty");
      add(cases, "CSV NaN cell", NAB, "1704067200,NaN", "column 'value' is not a number: 'NaN'");
      add(
          cases,
          "CSV Infinity cell",
          NAB,
          "1704067200,Infinity",
          "column 'value' is not a number: 'Infinity'");
      add(cases, "CSV 1e400 cell", NAB, "1704067200,1e400", "column 'value' is not finite: 1e400");
      add(
          cases,
          "CSV Java-only number syntax 1d",
          NAB,
          "1704067200,1d",
          "column 'value' is not a number: '1d'");
      add(
          cases,
          "CSV hexadecimal float",
          NAB,
          "1704067200,0x1p3",
          "column 'value' is not a number: '0x1p3'");
      add(
          cases,
          "CSV decimal comma",
          NAB,
          "1704067200,\"3,5\"",
          "column 'value' is not a number: '3,5'");
      add(
          cases,
          "CSV two lines",
          NAB,
          "1704067200,1\n1704067201,2",
          "expected one CSV line, got 2");
      add(
          cases,
          "CSV unterminated quote",
          NAB,
          "\"1704067200,1",
          "invalid CSV: (startline 1) EOF reached before encapsulated token finished");
      add(
          cases,
          "CSV text after closing quote",
          NAB,
          "\"1704067200\"x,1",
          "invalid CSV: Invalid character between encapsulated token and delimiter...");
      add(
          cases,
          "CSV quoted line break stays on one line",
          NAB,
          "1704067200,\"1\n5\"",
          "column 'value' is not a number: '1\\n5'");
      add(
          cases,
          "CSV empty key column",
          EventFormat.csv("key", "timestamp", "value"),
          " ,1704067200,1",
          "column 'key' is empty");
      add(
          cases,
          "CSV without key column and default key",
          EventFormat.csv("timestamp", "value"),
          "1704067200,1",
          "the format names no key field and no default key");
      add(
          cases,
          "CSV bad label",
          NAB.withLabelField("value"),
          "1704067200,maybe",
          "column 'value' is not a number: 'maybe'");
      add(
          cases,
          "CSV timestamp out of bounds",
          NAB,
          "1900-01-01 00:00:00,1",
          "event time 1900-01-01T00:00:00.000Z is outside"
              + " [1970-01-01T00:00:00.000Z, 2200-01-01T00:00:00.000Z]");
      return cases;
    }

    private static void add(
        List<Object[]> cases, String name, EventFormat format, String payload, String reason) {
      add(cases, name, format, utf8(payload), reason);
    }

    private static void add(
        List<Object[]> cases, String name, EventFormat format, byte[] payload, String reason) {
      cases.add(new Object[] {name, format, payload, reason});
    }

    private static byte[] concat(byte[]... parts) {
      int length = 0;
      for (byte[] part : parts) {
        length += part.length;
      }
      byte[] all = new byte[length];
      int at = 0;
      for (byte[] part : parts) {
        System.arraycopy(part, 0, all, at, part.length);
        at += part.length;
      }
      return all;
    }

    @Parameter(0)
    public String name;

    @Parameter(1)
    public EventFormat format;

    @Parameter(2)
    public byte[] payload;

    @Parameter(3)
    public String reason;

    @Test
    public void isRejectedWithItsReason() {
      String message;
      try {
        Event event = EventParser.of(format).parse(payload, RECORD_TIME);
        fail(name + ": expected a rejection, got " + event);
        return;
      } catch (EventParseException e) {
        message = e.getMessage();
      } catch (RuntimeException e) {
        throw new AssertionError(name + ": threw " + e + " instead of EventParseException", e);
      }
      if (reason.endsWith("...")) {
        assertThat(name, message, startsWith(reason.substring(0, reason.length() - 3)));
      } else {
        assertEquals(name, reason, message);
      }
      assertEquals(name + ": reason must be one line", -1, message.indexOf('\n'));
    }
  }
}
