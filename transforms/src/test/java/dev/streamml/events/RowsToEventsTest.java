package dev.streamml.events;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;

/** Schema rows with the user's field names become events; bad rows become dead letters. */
public class RowsToEventsTest {
  private static final Schema SCHEMA =
      Schema.builder()
          .addStringField("sensor")
          .addDateTimeField("ts")
          .addNullableField("temp", Schema.FieldType.DOUBLE)
          .addNullableField("hum", Schema.FieldType.STRING)
          .addInt32Field("y")
          .build();

  private static final DateTime T0 = new DateTime(2024, 1, 1, 0, 0, DateTimeZone.UTC);

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static Row row(String sensor, int minute, Double temp, String hum, int y) {
    return Row.withSchema(SCHEMA).addValues(sensor, T0.plusMinutes(minute), temp, hum, y).build();
  }

  private RowsToEvents sensors() {
    return RowsToEvents.create()
        .withKeyField("sensor")
        .withTimestampField("ts")
        .withValueFields("temp", "hum")
        .withLabelField("y");
  }

  @Test
  public void rowsBecomeEventsAtTheirEventTime() {
    PCollection<Row> rows =
        pipeline.apply(
            Create.of(row("a", 0, 20.5, "0.4", 0), row("b", 5, 19.0, " 0.5 ", 1))
                .withRowSchema(SCHEMA));
    ParseEvents.Result result = rows.apply(sensors());

    Instant t0 = T0.toInstant();
    PAssert.that(result.events())
        .containsInAnyOrder(
            Event.builder("a", t0).feature("temp", 20.5).feature("hum", 0.4).label(0.0).build(),
            Event.builder("b", t0.plus(300_000))
                .feature("temp", 19.0)
                .feature("hum", 0.5)
                .label(1.0)
                .build());
    PAssert.that(
            result
                .events()
                .apply(
                    MapElements.into(TypeDescriptors.longs())
                        .via((Event e) -> e.getTimestamp().getMillis())))
        .containsInAnyOrder(t0.getMillis(), t0.getMillis() + 300_000);
    PAssert.that(result.deadLetters()).empty();
    pipeline.run();
  }

  @Test
  public void badRowsAreDeadLettersWithTheRowAndTheReason() {
    PCollection<Row> rows =
        pipeline.apply(
            Create.of(
                    row("ok", 0, 1.0, "2", 0),
                    row("nulltemp", 1, null, "2", 0),
                    row("text", 2, 1.0, "humid", 0),
                    row("nan", 3, Double.NaN, "2", 0))
                .withRowSchema(SCHEMA));
    ParseEvents.Result result = rows.apply(sensors());

    PAssert.that(result.events().apply(MapElements.into(TypeDescriptors.strings())
            .via(Event::getKey)))
        .containsInAnyOrder("ok");
    PAssert.that(result.deadLetters())
        .satisfies(
            letters -> {
              List<String> reasons = new ArrayList<>();
              StreamSupport.stream(letters.spliterator(), false)
                  .sorted((x, y) -> x.getReason().compareTo(y.getReason()))
                  .forEach(
                      letter -> {
                        assertEquals(RowsToEvents.STAGE, letter.getStage());
                        String payload =
                            new String(letter.getPayload(), StandardCharsets.UTF_8);
                        assertThat(payload, containsString("sensor:"));
                        reasons.add(letter.getReason());
                      });
              assertEquals(
                  List.of(
                      "field 'hum' is not a number: 'humid'",
                      "field 'temp' is not finite: NaN",
                      "field 'temp' is null"),
                  reasons);
              return null;
            });
    pipeline.run();
  }

  @Test
  public void numericAndTextTimestampsAndADefaultKey() {
    Schema schema =
        Schema.builder().addInt64Field("epoch").addStringField("iso").addInt16Field("v").build();
    PCollection<Row> rows =
        pipeline.apply(
            Create.of(Row.withSchema(schema).addValues(1_700_000_000L, "2024-01-01T00:00:00Z",
                    (short) 3).build())
                .withRowSchema(schema));
    PAssert.that(
            rows.apply(
                    "Epoch",
                    RowsToEvents.create()
                        .withDefaultKey("all")
                        .withTimestampField("epoch")
                        .withValueFields("v"))
                .events())
        .containsInAnyOrder(Event.builder("all", new Instant(1_700_000_000_000L))
            .feature("v", 3).build());
    PAssert.that(
            rows.apply(
                    "Iso",
                    RowsToEvents.create()
                        .withDefaultKey("all")
                        .withTimestampField("iso")
                        .withValueFields("v"))
                .events())
        .containsInAnyOrder(Event.builder("all", T0.toInstant()).feature("v", 3).build());
    pipeline.run();
  }

  @Test
  public void aMissingFieldFailsWhenThePipelineIsBuilt() {
    PCollection<Row> rows =
        pipeline.apply(Create.of(row("a", 0, 1.0, "2", 0)).withRowSchema(SCHEMA));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> rows.apply(RowsToEvents.create().withKeyField("sensor")));
    assertEquals(
        "the rows have no field 'value'; their fields: [sensor, ts, temp, hum, y]",
        e.getMessage());
    pipeline.enableAbandonedNodeEnforcement(false);
  }

  @Test
  public void settingsAreCheckedWhereTheyAreSet() {
    assertThrows(IllegalArgumentException.class, () -> RowsToEvents.create().withValueFields());
    assertThrows(
        IllegalArgumentException.class, () -> RowsToEvents.create().withValueFields("a", "a"));
    assertThrows(IllegalArgumentException.class, () -> RowsToEvents.create().withKeyField(""));
  }
}
