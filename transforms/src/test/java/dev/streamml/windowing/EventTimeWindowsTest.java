package dev.streamml.windowing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import dev.streamml.testing.RunnerUnderTest;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.WindowingStrategy;
import org.apache.beam.sdk.values.WindowingStrategy.AccumulationMode;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * How {@link EventTimeWindows} is built and what it checks; the TestStream behaviour is in {@link
 * EventTimeWindowsScenarios}.
 */
@RunWith(JUnit4.class)
public class EventTimeWindowsTest {
  @Rule
  public final transient TestPipeline pipeline =
      RunnerUnderTest.DIRECT.newPipeline().enableAbandonedNodeEnforcement(false);

  private static final WindowSpec WINDOWS = WindowSpec.parse("sliding:10m/1m");
  private static final TriggerSpec TRIGGER =
      TriggerSpec.parse("early=count:10,late=each,lateness=5m,accumulating");

  @Test
  public void onTimeOutputCarriesTheWindowingStrategy() {
    WindowedResult<String, Integer> windowed = keyed().apply(EventTimeWindows.of(WINDOWS, TRIGGER));

    WindowingStrategy<?, ?> strategy = windowed.onTime().getWindowingStrategy();
    assertThat(strategy.getWindowFn(), equalTo(WINDOWS.toWindowFn()));
    assertThat(strategy.getTrigger(), equalTo(TRIGGER.toTrigger()));
    assertThat(strategy.getAllowedLateness(), is(Duration.standardMinutes(5)));
    assertThat(strategy.getMode(), is(AccumulationMode.ACCUMULATING_FIRED_PANES));
    assertThat(
        windowed.onTime().getCoder(), equalTo(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of())));
  }

  @Test
  public void tooLateOutputStaysInTheGlobalWindowWithItsOwnCoder() {
    WindowedResult<String, Integer> windowed = keyed().apply(EventTimeWindows.of(WINDOWS));

    assertThat(
        windowed.tooLate().getWindowingStrategy().getWindowFn(), instanceOf(GlobalWindows.class));
    assertThat(
        windowed.tooLate().getCoder(),
        equalTo(LateElementCoder.of(StringUtf8Coder.of(), VarIntCoder.of())));
    assertThat(windowed.expand().size(), is(2));
  }

  @Test
  public void usesTheDefaultTriggerUnlessTold() {
    EventTimeWindows<String, Integer> transform = EventTimeWindows.of(WINDOWS);
    assertThat(transform.triggerSpec(), is(TriggerSpec.DEFAULT));
    assertThat(transform.withTrigger(TRIGGER).triggerSpec(), is(TRIGGER));
    assertThat(transform.withTrigger(TRIGGER).windowSpec(), is(WINDOWS));
    assertThat(
        transform.withTrigger(TRIGGER).toString(),
        is("EventTimeWindows{sliding:10m/1m, early=count:10,late=each,lateness=5m,accumulating}"));
  }

  @Test
  public void rejectsMissingSpecs() {
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> EventTimeWindows.of(null)).getMessage(),
        is("a window spec is required, found null"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> EventTimeWindows.of(WINDOWS, null))
            .getMessage(),
        is("a trigger spec is required, found null"));
  }

  @Test
  public void rejectsInputThatIsAlreadyWindowed() {
    PCollection<KV<String, Integer>> windowedInput =
        keyed()
            .apply(Window.<KV<String, Integer>>into(FixedWindows.of(Duration.standardMinutes(1))));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> windowedInput.apply(EventTimeWindows.of(WINDOWS)));
    assertThat(e.getMessage(), containsString("apply it to input in the global window"));
  }

  @Test
  public void rejectsKeysWithoutADeterministicCoder() {
    PCollection<KV<Double, Integer>> input =
        pipeline.apply(
            Create.of(KV.of(1.0, 1)).withCoder(KvCoder.of(DoubleCoder.of(), VarIntCoder.of())));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> input.apply(EventTimeWindows.of(WINDOWS)));
    assertThat(e.getMessage(), containsString("needs a deterministic key coder"));
  }

  private PCollection<KV<String, Integer>> keyed() {
    return pipeline.apply(
        Create.of(KV.of("a", 1)).withCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of())));
  }
}
