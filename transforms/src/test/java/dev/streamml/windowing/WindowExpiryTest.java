package dev.streamml.windowing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for {@link WindowExpiry}. */
@RunWith(JUnit4.class)
public class WindowExpiryTest {
  @Test
  public void garbageCollectionTimeIsTheLastMomentOfTheWindowPlusLateness() {
    IntervalWindow window = new IntervalWindow(new Instant(0), new Instant(600_000));
    assertThat(
        WindowExpiry.garbageCollectionTime(window, Duration.standardMinutes(5)),
        is(new Instant(599_999 + 300_000)));
    assertThat(WindowExpiry.garbageCollectionTime(window, Duration.ZERO), is(new Instant(599_999)));
  }

  @Test
  public void garbageCollectionTimeStopsAtTheEndOfTheGlobalWindow() {
    Instant end = GlobalWindow.INSTANCE.maxTimestamp();
    IntervalWindow lastWindow = new IntervalWindow(end.minus(Duration.standardDays(1)), end);
    assertThat(WindowExpiry.garbageCollectionTime(lastWindow, Duration.standardDays(365)), is(end));
  }
}
