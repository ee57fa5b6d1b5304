package dev.streamml.windowing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.apache.beam.sdk.values.WindowingStrategy.AccumulationMode;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for {@link TriggerSpec}. */
@RunWith(JUnit4.class)
public class TriggerSpecTest {
  private static final String FORMS =
      "; accepted forms: comma-separated parts, each at most once:"
          + " early=each|count:<n>|<duration>|none, late=each|count:<n>|<duration>,"
          + " lateness=<duration>|0, accumulating|discarding"
          + " (durations like 500ms, 30s, 1m, 2h, 1d)";

  @Test
  public void defaultFiresAtTheWatermarkWithNoLatenessAndDiscards() {
    assertThat(TriggerSpec.DEFAULT, equalTo(TriggerSpec.atWatermark()));
    assertThat(TriggerSpec.DEFAULT.allowedLateness(), is(TriggerSpec.DEFAULT_ALLOWED_LATENESS));
    assertThat(TriggerSpec.DEFAULT.allowedLateness(), is(Duration.ZERO));
    assertThat(TriggerSpec.DEFAULT.accumulationMode(), is(AccumulationMode.DISCARDING_FIRED_PANES));
    assertThat(TriggerSpec.DEFAULT.toTrigger(), equalTo(AfterWatermark.pastEndOfWindow()));
    assertThat(TriggerSpec.DEFAULT.toString(), is("late=each,lateness=0,discarding"));
  }

  @Test
  public void parsesTheFullForm() {
    TriggerSpec expected =
        TriggerSpec.atWatermark()
            .withEarlyFirings(Duration.standardSeconds(30))
            .withLateFiringsOnEachElement()
            .withAllowedLateness(Duration.standardMinutes(10))
            .accumulating();
    assertThat(
        TriggerSpec.parse("early=30s,late=each,lateness=10m,accumulating"), equalTo(expected));
    assertThat(TriggerSpec.parse(" accumulating , lateness=10m, early=30s "), equalTo(expected));
  }

  @Test
  public void missingPartsKeepTheDefaults() {
    assertThat(TriggerSpec.parse("lateness=0,discarding"), equalTo(TriggerSpec.DEFAULT));
    assertThat(TriggerSpec.parse("discarding"), equalTo(TriggerSpec.DEFAULT));
    assertThat(TriggerSpec.parse("early=none"), equalTo(TriggerSpec.DEFAULT));
    assertThat(
        TriggerSpec.parse("lateness=5m"),
        equalTo(TriggerSpec.DEFAULT.withAllowedLateness(Duration.standardMinutes(5))));
  }

  @Test
  public void parsesEachFiringForm() {
    assertThat(
        TriggerSpec.parse("early=count:100"),
        equalTo(TriggerSpec.atWatermark().withEarlyFiringsEvery(100)));
    assertThat(
        TriggerSpec.parse("early=each"),
        equalTo(TriggerSpec.atWatermark().withEarlyFiringsEvery(1)));
    assertThat(
        TriggerSpec.parse("late=count:10,lateness=1h"),
        equalTo(
            TriggerSpec.atWatermark()
                .withLateFiringsEvery(10)
                .withAllowedLateness(Duration.standardHours(1))));
    assertThat(
        TriggerSpec.parse("late=1m,lateness=1h"),
        equalTo(
            TriggerSpec.atWatermark()
                .withLateFirings(Duration.standardMinutes(1))
                .withAllowedLateness(Duration.standardHours(1))));
  }

  @Test
  public void toStringIsCanonicalAndParsesBack() {
    assertThat(
        TriggerSpec.parse("accumulating,lateness=600s,early=30000ms").toString(),
        is("early=30s,late=each,lateness=10m,accumulating"));
    assertThat(
        TriggerSpec.parse("early=count:1,late=count:3,lateness=1h").toString(),
        is("early=each,late=count:3,lateness=1h,discarding"));
    for (String text :
        new String[] {
          "early=30s,late=each,lateness=10m,accumulating",
          "late=5m,lateness=1d,discarding",
          "early=count:7,late=each,lateness=0,discarding"
        }) {
      assertThat(TriggerSpec.parse(text).toString(), is(text));
      assertThat(
          TriggerSpec.parse(TriggerSpec.parse(text).toString()), equalTo(TriggerSpec.parse(text)));
    }
  }

  @Test
  public void fluentCallsReturnCopies() {
    TriggerSpec base = TriggerSpec.atWatermark();
    TriggerSpec changed = base.withAllowedLateness(Duration.standardMinutes(1)).accumulating();
    assertThat(base, equalTo(TriggerSpec.DEFAULT));
    assertThat(changed.allowedLateness(), is(Duration.standardMinutes(1)));
    assertThat(
        changed.withoutEarlyFirings().discarding().withAllowedLateness(Duration.ZERO),
        equalTo(TriggerSpec.DEFAULT));
  }

  @Test
  public void buildsTheBeamTrigger() {
    assertThat(
        TriggerSpec.parse("early=30s,late=each,lateness=10m").toTrigger(),
        equalTo(
            AfterWatermark.pastEndOfWindow()
                .withEarlyFirings(
                    AfterProcessingTime.pastFirstElementInPane()
                        .plusDelayOf(Duration.standardSeconds(30)))
                .withLateFirings(AfterPane.elementCountAtLeast(1))));
    assertThat(
        TriggerSpec.parse("early=count:5").toTrigger(),
        equalTo(
            AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterPane.elementCountAtLeast(5))));
    assertThat(
        TriggerSpec.parse("late=2m,lateness=1h").toTrigger(),
        equalTo(
            AfterWatermark.pastEndOfWindow()
                .withLateFirings(
                    AfterProcessingTime.pastFirstElementInPane()
                        .plusDelayOf(Duration.standardMinutes(2)))));
  }

  @Test
  public void lateFiringsOnlyApplyWithLateness() {
    assertThat(
        TriggerSpec.parse("late=2m,lateness=0").toTrigger(),
        equalTo(AfterWatermark.pastEndOfWindow()));
    assertThat(TriggerSpec.parse("late=2m,lateness=0").firesOnProcessingTime(), is(false));
    assertThat(TriggerSpec.parse("late=2m,lateness=1m").firesOnProcessingTime(), is(true));
    assertThat(TriggerSpec.parse("early=1s").firesOnProcessingTime(), is(true));
    assertThat(TriggerSpec.parse("early=count:2,lateness=1m").firesOnProcessingTime(), is(false));
  }

  @Test
  public void appliesToAWindow() {
    TriggerSpec spec = TriggerSpec.parse("early=count:2,lateness=10m,accumulating");
    Window<String> window =
        spec.applyTo(Window.<String>into(FixedWindows.of(Duration.standardMinutes(1))));
    WindowingStrategy<?, ?> strategy =
        window.getOutputStrategyInternal(WindowingStrategy.globalDefault());
    assertThat(strategy.getTrigger(), equalTo(spec.toTrigger()));
    assertThat(strategy.getAllowedLateness(), is(Duration.standardMinutes(10)));
    assertThat(strategy.getMode(), is(AccumulationMode.ACCUMULATING_FIRED_PANES));
    assertThat(strategy.getClosingBehavior(), is(Window.ClosingBehavior.FIRE_IF_NON_EMPTY));
    assertThat(strategy.getOnTimeBehavior(), is(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY));
  }

  @Test
  public void survivesJavaSerialization() {
    TriggerSpec spec = TriggerSpec.parse("early=30s,late=count:2,lateness=10m,accumulating");
    assertThat(SerializableUtils.clone(spec), equalTo(spec));
  }

  @Test
  public void rejectsUnknownPart() {
    assertRejected("early=30s,eager=1m", "unknown part 'eager=1m'");
    assertRejected("accumulate", "unknown part 'accumulate'");
  }

  @Test
  public void rejectsBadDurations() {
    assertRejected("early=30x", "bad part 'early=30x': bad duration '30x'");
    assertRejected("lateness=ten", "bad part 'lateness=ten': bad duration 'ten'");
    assertRejected(
        "late=0s,lateness=1m", "bad part 'late=0s': processing-time delay must be > 0, found 0");
  }

  @Test
  public void rejectsBadCounts() {
    assertRejected(
        "early=count:0", "bad part 'early=count:0': element count must be >= 1, found 0");
    assertRejected("late=count:x", "bad part 'late=count:x': bad element count 'x'");
  }

  @Test
  public void rejectsMissingOrExtraValues() {
    assertRejected("lateness", "bad part 'lateness': 'lateness' needs a value, as in lateness=...");
    assertRejected("early=", "bad part 'early=': 'early' needs a value, as in early=...");
    assertRejected(
        "accumulating=yes", "bad part 'accumulating=yes': 'accumulating' takes no value");
  }

  @Test
  public void rejectsLateNone() {
    assertRejected(
        "late=none",
        "bad part 'late=none': late firings cannot be turned off, or late data within the"
            + " lateness would be dropped; set lateness=0 to take no late data");
  }

  @Test
  public void rejectsRepeatedAndContradictoryParts() {
    assertRejected(
        "lateness=1m,lateness=2m", "'lateness=2m' repeats or contradicts an earlier part");
    assertRejected(
        "accumulating,discarding", "'discarding' repeats or contradicts an earlier part");
  }

  @Test
  public void rejectsEmptyText() {
    assertRejected("", "no parts");
    assertRejected("  ", "no parts");
    assertRejected("lateness=1m,", "unknown part ''");
  }

  @Test
  public void rejectsNullText() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TriggerSpec.parse(null));
    assertThat(e.getMessage(), is("invalid trigger spec: null" + FORMS));
  }

  @Test
  public void fluentSettersCheckTheirArguments() {
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> TriggerSpec.atWatermark().withAllowedLateness(Duration.millis(-1)))
            .getMessage(),
        is("allowed lateness must be >= 0, found -1ms"));
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> TriggerSpec.atWatermark().withEarlyFirings(Duration.ZERO))
            .getMessage(),
        is("processing-time delay must be > 0, found 0"));
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> TriggerSpec.atWatermark().withLateFiringsEvery(0))
            .getMessage(),
        is("element count must be >= 1, found 0"));
  }

  private static void assertRejected(String text, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TriggerSpec.parse(text));
    assertThat(e.getMessage(), is("invalid trigger spec '" + text + "': " + reason + FORMS));
  }
}
