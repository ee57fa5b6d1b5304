package dev.streamml.pipelines.demo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

/** Progress text and the plain (not a terminal) form of the progress line. */
public class ProgressTextTest {

  @Test
  public void countRatePercentAndTimeLeft() {
    assertEquals(
        "rows 250/1000 (25.0%) | 50/s | ETA 15s", ProgressText.format("rows", 250, 1000, 5.0));
    assertEquals(
        "rows 1000/1000 (100.0%) | 100/s | done", ProgressText.format("rows", 1000, 1000, 10.0));
    assertEquals("rows -/1000", ProgressText.format("rows", -1, 1000, 3.0));
  }

  @Test
  public void aSecondFigureFollowsTheFirst() {
    long[] predicted = {-1};
    java.util.function.Supplier<String> text =
        ProgressText.followedBy(() -> "rows read 250/1000", "predictions", () -> predicted[0]);
    assertEquals("rows read 250/1000 | predictions -", text.get());
    predicted[0] = 0;
    assertEquals("rows read 250/1000 | predictions 0", text.get());
    predicted[0] = 1000;
    assertEquals("rows read 250/1000 | predictions 1000", text.get());
  }

  @Test
  public void durations() {
    assertEquals("59s", ProgressText.duration(59.2));
    assertEquals("3m07s", ProgressText.duration(187));
    assertEquals("1h02m", ProgressText.duration(3720));
  }

  @Test
  public void withoutATerminalTheLastLineIsAPlainLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    // Tests run without a console: the plain form, no carriage returns or escape codes.
    ProgressLine.start(out, () -> "events read 7").close();
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(1, text.lines().count());
    assertEquals(-1, text.indexOf('\r'));
    assertEquals(-1, text.indexOf('\033'));
    assertTrue(text.strip().endsWith("events read 7"));
  }
}
