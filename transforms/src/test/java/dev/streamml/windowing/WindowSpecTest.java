package dev.streamml.windowing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertThrows;

import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.util.SerializableUtils;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for {@link WindowSpec}. */
@RunWith(JUnit4.class)
public class WindowSpecTest {
  private static final String FORMS =
      "; accepted forms: fixed:<duration>, sliding:<size>/<period>, session:<gap>"
          + " (durations like 500ms, 30s, 1m, 2h, 1d)";

  @Test
  public void parsesEachKind() {
    assertThat(
        WindowSpec.parse("fixed:1m"), equalTo(WindowSpec.fixed(Duration.standardMinutes(1))));
    assertThat(
        WindowSpec.parse("sliding:10m/1m"),
        equalTo(WindowSpec.sliding(Duration.standardMinutes(10), Duration.standardMinutes(1))));
    assertThat(
        WindowSpec.parse("session:30m"), equalTo(WindowSpec.session(Duration.standardMinutes(30))));
  }

  @Test
  public void parsesEveryUnit() {
    assertThat(WindowSpec.parse("fixed:500ms"), equalTo(WindowSpec.fixed(Duration.millis(500))));
    assertThat(
        WindowSpec.parse("fixed:90s"), equalTo(WindowSpec.fixed(Duration.standardSeconds(90))));
    assertThat(WindowSpec.parse("fixed:2h"), equalTo(WindowSpec.fixed(Duration.standardHours(2))));
    assertThat(WindowSpec.parse("fixed:1d"), equalTo(WindowSpec.fixed(Duration.standardDays(1))));
  }

  @Test
  public void ignoresSurroundingBlanks() {
    assertThat(
        WindowSpec.parse("  session:5s "),
        equalTo(WindowSpec.session(Duration.standardSeconds(5))));
  }

  @Test
  public void toStringIsCanonicalAndParsesBack() {
    assertThat(WindowSpec.parse("fixed:60s").toString(), is("fixed:1m"));
    assertThat(WindowSpec.parse("sliding:600s/60000ms").toString(), is("sliding:10m/1m"));
    assertThat(WindowSpec.parse("session:1500ms").toString(), is("session:1500ms"));
    assertThat(WindowSpec.parse("fixed:90s").toString(), is("fixed:90s"));
    assertThat(WindowSpec.parse("fixed:24h").toString(), is("fixed:1d"));
    for (String text : new String[] {"fixed:1m", "sliding:10m/1m", "session:30m", "fixed:1500ms"}) {
      assertThat(
          WindowSpec.parse(WindowSpec.parse(text).toString()), equalTo(WindowSpec.parse(text)));
    }
  }

  @Test
  public void slidingPeriodNeedNotDivideTheSize() {
    WindowSpec spec = WindowSpec.parse("sliding:10m/3m");
    assertThat(spec.toString(), is("sliding:10m/3m"));
    assertThat(
        spec.toWindowFn(),
        equalTo(
            (WindowFn<?, ?>)
                SlidingWindows.of(Duration.standardMinutes(10))
                    .every(Duration.standardMinutes(3))));
  }

  @Test
  public void slidingPeriodMayEqualTheSize() {
    assertThat(WindowSpec.parse("sliding:5m/5m").kind(), is(WindowSpec.Kind.SLIDING));
  }

  @Test
  public void givesBeamWindowFns() {
    assertThat(
        WindowSpec.parse("fixed:1m").toWindowFn(),
        equalTo((WindowFn<?, ?>) FixedWindows.of(Duration.standardMinutes(1))));
    assertThat(
        WindowSpec.parse("sliding:10m/1m").toWindowFn(),
        equalTo(
            (WindowFn<?, ?>)
                SlidingWindows.of(Duration.standardMinutes(10))
                    .every(Duration.standardMinutes(1))));
    assertThat(WindowSpec.parse("session:30m").toWindowFn(), instanceOf(Sessions.class));
    assertThat(
        ((Sessions) WindowSpec.parse("session:30m").toWindowFn()).getGapDuration(),
        is(Duration.standardMinutes(30)));
  }

  @Test
  public void survivesJavaSerialization() {
    WindowSpec spec = WindowSpec.parse("sliding:10m/1m");
    assertThat(SerializableUtils.clone(spec), equalTo(spec));
  }

  @Test
  public void rejectsUnknownKind() {
    assertRejected("fixd:1m", "unknown kind 'fixd'");
  }

  @Test
  public void rejectsMissingColon() {
    assertRejected("fixed", "expected <kind>:<durations>, found no ':'");
  }

  @Test
  public void rejectsBadDurations() {
    assertRejected("fixed:1x", "bad duration '1x'");
    assertRejected("fixed:", "bad duration ''");
    assertRejected("fixed:1.5m", "bad duration '1.5m'");
    assertRejected("fixed:-1m", "bad duration '-1m'");
    assertRejected("fixed:1M", "bad duration '1M'");
    assertRejected("session:m", "bad duration 'm'");
    assertRejected("fixed:1m/1m", "bad duration '1m/1m'");
  }

  @Test
  public void rejectsZeroDurations() {
    assertRejected("fixed:0", "fixed window size must be > 0, found 0");
    assertRejected("fixed:0ms", "fixed window size must be > 0, found 0");
    assertRejected("session:0s", "session gap must be > 0, found 0");
    assertRejected("sliding:0m/1m", "sliding window size must be > 0, found 0");
    assertRejected("sliding:1m/0m", "sliding window period must be > 0, found 0");
  }

  @Test
  public void rejectsSlidingWithoutPeriod() {
    assertRejected("sliding:10m", "sliding windows need <size>/<period>, found '10m'");
  }

  @Test
  public void rejectsPeriodLongerThanSize() {
    assertRejected("sliding:1m/5m", "sliding window period 5m must not exceed the size 1m");
  }

  @Test
  public void rejectsNullText() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.parse(null));
    assertThat(e.getMessage(), is("invalid window spec: null" + FORMS));
  }

  @Test
  public void factoriesCheckTheirArguments() {
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.fixed(Duration.ZERO))
            .getMessage(),
        is("fixed window size must be > 0, found 0"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.session(null)).getMessage(),
        is("session gap must be given, found null"));
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> WindowSpec.sliding(Duration.standardSeconds(1), Duration.standardSeconds(-1)))
            .getMessage(),
        is("sliding window period must be > 0, found -1s"));
  }

  private static void assertRejected(String text, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WindowSpec.parse(text));
    assertThat(e.getMessage(), startsWith("invalid window spec '" + text + "': "));
    assertThat(e.getMessage(), is("invalid window spec '" + text + "': " + reason + FORMS));
  }
}
