package dev.streamml.windowing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for {@link DurationText}. */
@RunWith(JUnit4.class)
public class DurationTextTest {
  @Test
  public void parsesEachUnit() {
    assertThat(DurationText.parse("250ms"), is(Duration.millis(250)));
    assertThat(DurationText.parse("30s"), is(Duration.standardSeconds(30)));
    assertThat(DurationText.parse("5m"), is(Duration.standardMinutes(5)));
    assertThat(DurationText.parse("2h"), is(Duration.standardHours(2)));
    assertThat(DurationText.parse("7d"), is(Duration.standardDays(7)));
    assertThat(DurationText.parse("0"), is(Duration.ZERO));
    assertThat(DurationText.parse("0s"), is(Duration.ZERO));
  }

  @Test
  public void formatsInTheLargestExactUnit() {
    assertThat(DurationText.format(Duration.ZERO), is("0"));
    assertThat(DurationText.format(Duration.millis(1500)), is("1500ms"));
    assertThat(DurationText.format(Duration.standardSeconds(90)), is("90s"));
    assertThat(DurationText.format(Duration.standardSeconds(120)), is("2m"));
    assertThat(DurationText.format(Duration.standardMinutes(90)), is("90m"));
    assertThat(DurationText.format(Duration.standardHours(48)), is("2d"));
  }

  @Test
  public void rejectsOtherForms() {
    for (String bad :
        new String[] {"", "1", "m", "1 m", "1min", "1.5s", "-1s", "+1s", "1S", "s1"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> DurationText.parse(bad));
      assertThat(e.getMessage(), is("bad duration '" + bad + "'"));
    }
  }

  @Test
  public void rejectsDurationsTooLongForMilliseconds() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DurationText.parse("999999999999999d"));
    assertThat(e.getMessage(), is("bad duration '999999999999999d': too long"));
  }
}
