package dev.streamml.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests of {@link Event}, {@link RawRecord}, {@link DeadLetter} and their coders. */
@RunWith(JUnit4.class)
public class EventTest {

  /** 2024-01-01T00:00:00Z. */
  private static final Instant NEW_YEAR = new Instant(1_704_067_200_000L);

  private static Event labelled() {
    return Event.builder("meter-1", NEW_YEAR)
        .feature("price", 0.05)
        .feature("demand", 0.42)
        .label(1.0)
        .id("row-17")
        .build();
  }

  // ---------------------------------------------------------------------------------------------
  // Event

  @Test
  public void singleValuedEventHasOneFeatureNamedValue() {
    Event event = Event.of("sensor-7", NEW_YEAR, 21.5);

    assertEquals("sensor-7", event.getKey());
    assertEquals(1_704_067_200_000L, event.getTimestamp().getMillis());
    assertEquals(Arrays.asList("value"), event.getFeatureNames());
    assertEquals(1, event.size());
    assertEquals(21.5, event.value(), 0.0);
    assertEquals(21.5, event.valueAt(0), 0.0);
    assertEquals(21.5, event.feature("value"), 0.0);
    assertTrue(event.hasFeature("value"));
    assertFalse(event.hasFeature("price"));
    assertNull(event.getLabel());
    assertNull(event.getId());
  }

  @Test
  public void builderKeepsFeatureOrderLabelAndId() {
    Event event = labelled();

    assertEquals(Arrays.asList("price", "demand"), event.getFeatureNames());
    assertEquals(2, event.size());
    assertEquals(0.05, event.value(), 0.0);
    assertEquals(0.42, event.valueAt(1), 0.0);
    assertEquals(0.42, event.feature("demand"), 0.0);
    assertArrayEquals(new double[] {0.05, 0.42}, event.values(), 0.0);
    assertEquals(Double.valueOf(1.0), event.getLabel());
    assertEquals("row-17", event.getId());

    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put("price", 0.05);
    expected.put("demand", 0.42);
    assertEquals(expected, event.features());
    assertThat(event.features().keySet(), contains("price", "demand"));
  }

  @Test
  public void builderGrowsPastItsInitialCapacity() {
    Event.Builder builder = Event.builder("k", NEW_YEAR);
    for (int i = 0; i < 11; i++) {
      builder.feature("f" + i, i * 10.0);
    }
    Event event = builder.build();

    assertEquals(11, event.size());
    assertEquals(
        Arrays.asList("f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10"),
        event.getFeatureNames());
    assertArrayEquals(
        new double[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, event.values(), 0.0);
    assertEquals(40.0, event.feature("f4"), 0.0);
    assertEquals(100.0, event.feature("f10"), 0.0);
  }

  @Test
  public void builderRejectsDuplicateFeatureNames() {
    Event.Builder builder = Event.builder("k", NEW_YEAR).feature("a", 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder.feature("a", 2));
    assertEquals("duplicate feature name 'a'", e.getMessage());
  }

  @Test
  public void builderRejectsEventWithoutFeatures() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Event.builder("k", NEW_YEAR).build());
    assertEquals("an event needs at least one feature", e.getMessage());
  }

  @Test
  public void builderRejectsNullKeyAndTimestamp() {
    assertThrows(NullPointerException.class, () -> Event.builder(null, NEW_YEAR));
    assertThrows(NullPointerException.class, () -> Event.builder("k", null));
    assertThrows(NullPointerException.class, () -> Event.of(null, NEW_YEAR, 1.0));
  }

  @Test
  public void builtEventIsNotChangedByLaterBuilderCalls() {
    Event.Builder builder = Event.builder("k", NEW_YEAR).feature("a", 1.0);
    Event first = builder.build();
    builder.feature("b", 2.0).label(3.0).id("x");

    assertEquals(Arrays.asList("a"), first.getFeatureNames());
    assertArrayEquals(new double[] {1.0}, first.values(), 0.0);
    assertNull(first.getLabel());
    assertNull(first.getId());
    assertEquals(Arrays.asList("a", "b"), builder.build().getFeatureNames());
  }

  @Test
  public void eventIsImmutable() {
    Event event = labelled();
    double[] copy = event.values();
    copy[0] = 99.0;
    assertEquals(0.05, event.value(), 0.0);

    assertThrows(UnsupportedOperationException.class, () -> event.getFeatureNames().add("x"));
    assertThrows(
        UnsupportedOperationException.class,
        () -> Event.of("k", NEW_YEAR, 1.0).getFeatureNames().set(0, "other"));
  }

  @Test
  public void missingFeatureIsReportedWithTheNamesPresent() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> labelled().feature("volume"));
    assertEquals(
        "event of key 'meter-1' has no feature 'volume'; it has [price, demand]", e.getMessage());
  }

  @Test
  public void withTimestampAndWithLabelCopy() {
    Event event = labelled();
    Instant later = new Instant(1_704_067_260_000L);

    Event moved = event.withTimestamp(later);
    assertEquals(later, moved.getTimestamp());
    assertEquals(NEW_YEAR, event.getTimestamp());
    assertEquals(event.features(), moved.features());
    assertEquals("row-17", moved.getId());

    Event relabelled = event.withLabel(0.0);
    assertEquals(Double.valueOf(0.0), relabelled.getLabel());
    assertEquals(Double.valueOf(1.0), event.getLabel());
    assertNull(event.withLabel(null).getLabel());
  }

  @Test
  public void equalsAndHashCodeCoverEveryPart() {
    Event event = labelled();
    Event same =
        Event.builder("meter-1", new Instant(1_704_067_200_000L))
            .feature("price", 0.05)
            .feature("demand", 0.42)
            .label(1.0)
            .id("row-17")
            .build();
    assertEquals(event, same);
    assertEquals(event.hashCode(), same.hashCode());
    assertEquals(event, event);
    assertNotEquals(event, null);
    assertNotEquals(event, "meter-1");

    assertNotEquals(
        event,
        Event.builder("meter-2", NEW_YEAR)
            .feature("price", 0.05)
            .feature("demand", 0.42)
            .label(1.0)
            .id("row-17")
            .build());
    assertNotEquals(event, event.withTimestamp(new Instant(1_704_067_200_001L)));
    assertNotEquals(
        event,
        Event.builder("meter-1", NEW_YEAR)
            .feature("demand", 0.42)
            .feature("price", 0.05)
            .label(1.0)
            .id("row-17")
            .build());
    assertNotEquals(
        event,
        Event.builder("meter-1", NEW_YEAR)
            .feature("price", 0.05)
            .feature("demand", 0.43)
            .label(1.0)
            .id("row-17")
            .build());
    assertNotEquals(event, event.withLabel(null));
    assertNotEquals(event, event.withLabel(2.0));
    assertNotEquals(
        event,
        Event.builder("meter-1", NEW_YEAR)
            .feature("price", 0.05)
            .feature("demand", 0.42)
            .label(1.0)
            .build());
  }

  @Test
  public void equalsComparesValuesBitwiseLikeTheCoder() {
    assertEquals(Event.of("k", NEW_YEAR, Double.NaN), Event.of("k", NEW_YEAR, Double.NaN));
    assertNotEquals(Event.of("k", NEW_YEAR, 0.0), Event.of("k", NEW_YEAR, -0.0));
  }

  @Test
  public void toStringShowsFeaturesLabelAndId() {
    assertEquals(
        "Event{key=sensor-7, timestamp=2024-01-01T00:00:00.000Z, features={value=21.5}}",
        Event.of("sensor-7", NEW_YEAR, 21.5).toString());
    assertEquals(
        "Event{key=meter-1, timestamp=2024-01-01T00:00:00.000Z,"
            + " features={price=0.05, demand=0.42}, label=1.0, id=row-17}",
        labelled().toString());
  }

  @Test
  public void eventIsJavaSerializable() {
    Event event = labelled();
    assertEquals(event, SerializableUtils.clone(event));
    Event single = Event.of("k", NEW_YEAR, 1.0);
    assertEquals(single, SerializableUtils.clone(single));
  }

  // ---------------------------------------------------------------------------------------------
  // EventCoder

  @Test
  public void eventCoderIsTheDefaultCoder() throws Exception {
    CoderRegistry registry = CoderRegistry.createDefault();
    assertThat(registry.getCoder(TypeDescriptor.of(Event.class)), instanceOf(EventCoder.class));
    assertThat(
        registry.getCoder(TypeDescriptor.of(RawRecord.class)), instanceOf(RawRecordCoder.class));
    assertThat(
        registry.getCoder(TypeDescriptor.of(DeadLetter.class)), instanceOf(DeadLetterCoder.class));
  }

  @Test
  public void eventCoderRoundTripsSingleValuedEvent() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(EventCoder.of(), Event.of("sensor-7", NEW_YEAR, 21.5));
  }

  @Test
  public void eventCoderRoundTripsLabelWithoutId() throws Exception {
    Event event = Event.builder("k", NEW_YEAR).feature("x", 1.0).label(0.0).build();
    CoderProperties.coderDecodeEncodeEqual(EventCoder.of(), event);
    Event decoded = CoderUtils.clone(EventCoder.of(), event);
    assertEquals(Double.valueOf(0.0), decoded.getLabel());
    assertNull(decoded.getId());
  }

  @Test
  public void eventCoderRoundTripsIdWithoutLabel() throws Exception {
    Event event = Event.builder("k", NEW_YEAR).feature("x", 1.0).id("id-1").build();
    CoderProperties.coderDecodeEncodeEqual(EventCoder.of(), event);
    Event decoded = CoderUtils.clone(EventCoder.of(), event);
    assertNull(decoded.getLabel());
    assertEquals("id-1", decoded.getId());
  }

  @Test
  public void eventCoderRoundTripsLabelAndId() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(EventCoder.of(), labelled());
  }

  @Test
  public void eventCoderRoundTripsManyFeatures() throws Exception {
    Event.Builder builder = Event.builder("elec2", NEW_YEAR);
    for (int i = 0; i < 200; i++) {
      builder.feature("feature_" + i, i / 7.0 - 3);
    }
    Event event = builder.label(1.0).id("row").build();
    CoderProperties.coderDecodeEncodeEqual(EventCoder.of(), event);
    Event decoded = CoderUtils.clone(EventCoder.of(), event);
    assertEquals(200, decoded.size());
    assertEquals("feature_199", decoded.getFeatureNames().get(199));
    assertEquals(199 / 7.0 - 3, decoded.valueAt(199), 0.0);
  }

  @Test
  public void eventCoderRoundTripsSpecialValuesAndTexts() throws Exception {
    Event event =
        Event.builder("Zürich \u2603 \uD83D\uDE00", BoundedWindow.TIMESTAMP_MIN_VALUE)
            .feature("nan", Double.NaN)
            .feature("neg_zero", -0.0)
            .feature("inf", Double.POSITIVE_INFINITY)
            .feature("min", Double.MIN_VALUE)
            .feature("", -1e308)
            .label(Double.NaN)
            .id("")
            .build();
    CoderProperties.coderDecodeEncodeEqual(EventCoder.of(), event);
    CoderProperties.coderDecodeEncodeEqual(
        EventCoder.of(), Event.of("", BoundedWindow.TIMESTAMP_MAX_VALUE, -2.5));
    CoderProperties.coderDecodeEncodeEqual(EventCoder.of(), Event.of("k", new Instant(-1L), 0.0));
  }

  @Test
  public void eventCoderIsDeterministic() throws Exception {
    EventCoder.of().verifyDeterministic();
    CoderProperties.coderDeterministic(EventCoder.of(), labelled(), labelled());
    CoderProperties.coderDeterministic(
        EventCoder.of(), Event.of("k", NEW_YEAR, 1.0), Event.of("k", new Instant(NEW_YEAR), 1.0));
    CoderProperties.coderConsistentWithEquals(EventCoder.of(), labelled(), labelled());
    CoderProperties.coderConsistentWithEquals(
        EventCoder.of(), labelled(), labelled().withLabel(2.0));
    CoderProperties.coderSerializable(EventCoder.of());
  }

  @Test
  public void eventCoderWireFormatIsStable() throws Exception {
    // key "k", millis 1, one feature "value" = 2.0, no label, no id.
    byte[] expected = {
      1, 'k', 0, 0, 0, 0, 0, 0, 0, 1, 1, 5, 'v', 'a', 'l', 'u', 'e', 0x40, 0, 0, 0, 0, 0, 0, 0, 0
    };
    assertArrayEquals(
        expected,
        CoderUtils.encodeToByteArray(EventCoder.of(), Event.of("k", new Instant(1), 2.0)));

    // the same with label 1.0 (flag 1) and id "i" (flag 2)
    byte[] withBoth = {
      1,
      'k',
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      1,
      1,
      5,
      'v',
      'a',
      'l',
      'u',
      'e',
      0x40,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      3,
      0x3F,
      (byte) 0xF0,
      0,
      0,
      0,
      0,
      0,
      0,
      1,
      'i'
    };
    Event event =
        Event.builder("k", new Instant(1)).feature("value", 2.0).label(1.0).id("i").build();
    assertArrayEquals(withBoth, CoderUtils.encodeToByteArray(EventCoder.of(), event));
    assertEquals(event, CoderUtils.decodeFromByteArray(EventCoder.of(), withBoth));
  }

  @Test
  public void eventCoderWorksNestedInAnotherCoder() throws Exception {
    Coder<java.util.List<Event>> list = org.apache.beam.sdk.coders.ListCoder.of(EventCoder.of());
    java.util.List<Event> events =
        Arrays.asList(labelled(), Event.of("a", NEW_YEAR, 1.0), Event.of("b", NEW_YEAR, 2.0));
    CoderProperties.coderDecodeEncodeEqual(list, events);
  }

  // ---------------------------------------------------------------------------------------------
  // RawRecord

  @Test
  public void rawRecordKeepsEverything() {
    byte[] payload = {0, 1, (byte) 0xFF, 'a'};
    RawRecord record = RawRecord.of(payload, "events", 3, 1234L, NEW_YEAR);
    assertArrayEquals(new byte[] {0, 1, (byte) 0xFF, 'a'}, record.getPayload());
    assertEquals("events", record.getSource());
    assertEquals(3, record.getPartition());
    assertEquals(1234L, record.getOffset());
    assertEquals(NEW_YEAR, record.getTimestamp());
    assertEquals(
        "RawRecord{source=events, partition=3, offset=1234,"
            + " timestamp=2024-01-01T00:00:00.000Z, bytes=4}",
        record.toString());
  }

  @Test
  public void rawRecordOfTextIsUtf8WithUnknownPosition() {
    RawRecord record = RawRecord.ofText("é,1", "replay.csv", NEW_YEAR);
    assertArrayEquals(new byte[] {(byte) 0xC3, (byte) 0xA9, ',', '1'}, record.getPayload());
    assertEquals("replay.csv", record.getSource());
    assertEquals(-1, record.getPartition());
    assertEquals(-1L, record.getOffset());
    assertEquals(-1L, RawRecord.UNKNOWN);
  }

  @Test
  public void rawRecordEqualityIsByContent() {
    RawRecord a = RawRecord.of(new byte[] {1, 2}, "s", 0, 5L, NEW_YEAR);
    RawRecord b = RawRecord.of(new byte[] {1, 2}, "s", 0, 5L, NEW_YEAR);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, RawRecord.of(new byte[] {1, 3}, "s", 0, 5L, NEW_YEAR));
    assertNotEquals(a, RawRecord.of(new byte[] {1, 2}, "t", 0, 5L, NEW_YEAR));
    assertNotEquals(a, RawRecord.of(new byte[] {1, 2}, "s", 1, 5L, NEW_YEAR));
    assertNotEquals(a, RawRecord.of(new byte[] {1, 2}, "s", 0, 6L, NEW_YEAR));
    assertNotEquals(a, RawRecord.of(new byte[] {1, 2}, "s", 0, 5L, new Instant(0)));
    assertNotEquals(a, null);
  }

  @Test
  public void rawRecordRejectsNulls() {
    assertThrows(NullPointerException.class, () -> RawRecord.of(null, "s", 0, 0L, NEW_YEAR));
    assertThrows(
        NullPointerException.class, () -> RawRecord.of(new byte[] {1}, null, 0, 0L, NEW_YEAR));
    assertThrows(NullPointerException.class, () -> RawRecord.of(new byte[] {1}, "s", 0, 0L, null));
  }

  @Test
  public void rawRecordCoderRoundTrips() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        RawRecordCoder.of(),
        RawRecord.of(new byte[] {0, 1, (byte) 0xC3, 0x28}, "t", 7, 99L, NEW_YEAR));
    CoderProperties.coderDecodeEncodeEqual(
        RawRecordCoder.of(), RawRecord.of(new byte[0], "", -1, -1L, new Instant(-5L)));
    CoderProperties.coderDecodeEncodeEqual(
        RawRecordCoder.of(),
        RawRecord.of(
            new byte[100_000],
            "topic-ü",
            Integer.MAX_VALUE,
            Long.MAX_VALUE,
            BoundedWindow.TIMESTAMP_MAX_VALUE));
    CoderProperties.coderDecodeEncodeEqual(
        RawRecordCoder.of(),
        RawRecord.ofText("sensor-1,2024-01-01 00:00:00,3.5", "f.csv", NEW_YEAR));
  }

  @Test
  public void rawRecordCoderIsDeterministic() throws Exception {
    RawRecordCoder.of().verifyDeterministic();
    CoderProperties.coderDeterministic(
        RawRecordCoder.of(),
        RawRecord.of(new byte[] {1, 2, 3}, "s", 1, 2L, NEW_YEAR),
        RawRecord.of(new byte[] {1, 2, 3}, "s", 1, 2L, NEW_YEAR));
    CoderProperties.coderSerializable(RawRecordCoder.of());
  }

  @Test
  public void rawRecordCoderPreservesPayloadBytesExactly() throws Exception {
    byte[] payload = new byte[256];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) i;
    }
    RawRecord decoded =
        CoderUtils.clone(RawRecordCoder.of(), RawRecord.of(payload, "s", 2, 3L, NEW_YEAR));
    assertEquals((byte) 0x00, decoded.getPayload()[0]);
    assertEquals((byte) 0x80, decoded.getPayload()[128]);
    assertEquals((byte) 0xFF, decoded.getPayload()[255]);
    assertEquals(256, decoded.getPayload().length);
    assertEquals(2, decoded.getPartition());
    assertEquals(3L, decoded.getOffset());
  }

  // ---------------------------------------------------------------------------------------------
  // DeadLetter

  @Test
  public void deadLetterKeepsRecordStageAndReason() {
    RawRecord record = RawRecord.of(new byte[] {(byte) 0xC3, 0x28}, "events", 1, 42L, NEW_YEAR);
    DeadLetter letter = DeadLetter.of(record, "parse", "payload is not valid UTF-8");
    assertEquals(record, letter.getRecord());
    assertArrayEquals(new byte[] {(byte) 0xC3, 0x28}, letter.getPayload());
    assertEquals("parse", letter.getStage());
    assertEquals("payload is not valid UTF-8", letter.getReason());
    assertEquals(NEW_YEAR, letter.getTimestamp());
    assertThat(letter.toString(), containsString("payloadPrefix=[-61, 40]"));
    assertThat(letter.toString(), containsString("reason=payload is not valid UTF-8"));
  }

  @Test
  public void deadLetterEquality() {
    RawRecord record = RawRecord.ofText("x", "s", NEW_YEAR);
    DeadLetter letter = DeadLetter.of(record, "parse", "why");
    assertEquals(letter, DeadLetter.of(RawRecord.ofText("x", "s", NEW_YEAR), "parse", "why"));
    assertEquals(
        letter.hashCode(),
        DeadLetter.of(RawRecord.ofText("x", "s", NEW_YEAR), "parse", "why").hashCode());
    assertNotEquals(letter, DeadLetter.of(RawRecord.ofText("y", "s", NEW_YEAR), "parse", "why"));
    assertNotEquals(letter, DeadLetter.of(record, "window", "why"));
    assertNotEquals(letter, DeadLetter.of(record, "parse", "other"));
    assertThat(letter, not(equalTo((Object) record)));
    assertThrows(NullPointerException.class, () -> DeadLetter.of(record, null, "why"));
    assertThrows(NullPointerException.class, () -> DeadLetter.of(record, "parse", null));
    assertThrows(NullPointerException.class, () -> DeadLetter.of(null, "parse", "why"));
  }

  @Test
  public void deadLetterCoderRoundTrips() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        DeadLetterCoder.of(),
        DeadLetter.of(
            RawRecord.of(new byte[] {(byte) 0xC3, 0x28}, "events", 1, 42L, NEW_YEAR),
            "parse",
            "payload is not valid UTF-8"));
    CoderProperties.coderDecodeEncodeEqual(
        DeadLetterCoder.of(),
        DeadLetter.of(RawRecord.of(new byte[0], "", -1, -1L, new Instant(0)), "", ""));
    CoderProperties.coderDecodeEncodeEqual(
        DeadLetterCoder.of(),
        DeadLetter.of(
            RawRecord.ofText("{\"a\":1}", "s", NEW_YEAR), "parse", "reason with ünïcødé ✓"));
  }

  @Test
  public void deadLetterCoderIsDeterministic() throws Exception {
    DeadLetterCoder.of().verifyDeterministic();
    CoderProperties.coderDeterministic(
        DeadLetterCoder.of(),
        DeadLetter.of(RawRecord.ofText("x", "s", NEW_YEAR), "parse", "why"),
        DeadLetter.of(RawRecord.ofText("x", "s", NEW_YEAR), "parse", "why"));
    CoderProperties.coderSerializable(DeadLetterCoder.of());
  }

  @Test
  public void deadLetterCoderDecodesToIdenticalPayload() throws Exception {
    byte[] payload = "{\"key\":\"a\"".getBytes(StandardCharsets.UTF_8);
    DeadLetter decoded =
        CoderUtils.clone(
            DeadLetterCoder.of(),
            DeadLetter.of(RawRecord.of(payload, "events", 0, 7L, NEW_YEAR), "parse", "r"));
    assertArrayEquals(
        new byte[] {'{', '"', 'k', 'e', 'y', '"', ':', '"', 'a', '"'}, decoded.getPayload());
    assertEquals("events", decoded.getRecord().getSource());
    assertEquals(0, decoded.getRecord().getPartition());
    assertEquals(7L, decoded.getRecord().getOffset());
  }
}
