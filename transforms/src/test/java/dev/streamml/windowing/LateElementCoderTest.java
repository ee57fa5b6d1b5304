package dev.streamml.windowing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import java.util.Arrays;
import org.apache.beam.sdk.coders.Coder.NonDeterministicException;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tests for {@link LateElementCoder} and {@link LateElement}. */
@RunWith(JUnit4.class)
public class LateElementCoderTest {
  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");
  private static final IntervalWindow FIRST =
      new IntervalWindow(T, T.plus(Duration.standardMinutes(10)));
  private static final IntervalWindow SECOND =
      new IntervalWindow(T.plus(Duration.standardMinutes(5)), T.plus(Duration.standardMinutes(15)));

  private static final LateElementCoder<String, Integer> CODER =
      LateElementCoder.of(StringUtf8Coder.of(), VarIntCoder.of());

  @Test
  public void decodesWhatItEncodes() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(
        CODER,
        LateElement.of(
            "a",
            42,
            T.plus(Duration.standardMinutes(7)),
            Arrays.asList(SECOND, FIRST),
            T.plus(Duration.standardMinutes(21)),
            Duration.standardMinutes(1).plus(Duration.millis(1))));
    CoderProperties.coderDecodeEncodeEqual(
        CODER,
        LateElement.of(
            "",
            -1,
            BoundedWindow.TIMESTAMP_MIN_VALUE,
            Arrays.asList(FIRST),
            BoundedWindow.TIMESTAMP_MAX_VALUE,
            Duration.ZERO));
  }

  @Test
  public void isDeterministicWhenItsComponentsAre() throws Exception {
    CODER.verifyDeterministic();
    CoderProperties.coderDeterministic(
        CODER,
        LateElement.of("a", 1, T, Arrays.asList(FIRST), T, Duration.ZERO),
        LateElement.of("a", 1, T, Arrays.asList(FIRST), T, Duration.ZERO));
    assertThrows(
        NonDeterministicException.class,
        () -> LateElementCoder.of(StringUtf8Coder.of(), DoubleCoder.of()).verifyDeterministic());
  }

  @Test
  public void isSerializableAndComparable() {
    CoderProperties.coderSerializable(CODER);
    assertThat(CODER, equalTo(LateElementCoder.of(StringUtf8Coder.of(), VarIntCoder.of())));
    assertThat(
        LateElementCoder.of(StringUtf8Coder.of(), SerializableCoder.of(String.class)).equals(CODER),
        is(false));
  }

  @Test
  public void lateElementOrdersItsWindowsByStart() {
    LateElement<String, Integer> late =
        LateElement.of("a", 1, T, Arrays.asList(SECOND, FIRST), T, Duration.ZERO);
    assertThat(late.windows(), contains(FIRST, SECOND));
    assertThat(
        late, equalTo(LateElement.of("a", 1, T, Arrays.asList(FIRST, SECOND), T, Duration.ZERO)));
  }

  @Test
  public void lateElementNeedsAWindowAndNonNegativeLateness() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LateElement.of("a", 1, T, Arrays.asList(), T, Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> LateElement.of("a", 1, T, Arrays.asList(FIRST), T, Duration.millis(-1)));
  }
}
