package dev.streamml.pipelines.sessions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import dev.streamml.cli.StreammlCli;
import dev.streamml.sessions.SuspiciousSessions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Defaults of the sessions pipeline, and bad options failing at once with one line naming them. */
public class SessionsPipelineTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @Before
  public void capture() {
    originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @After
  public void restore() {
    System.setErr(originalErr);
  }

  @Test
  public void defaults() {
    SessionsPipeline.Options options = SessionsPipeline.options();
    assertEquals("auto", options.getLogFormat());
    assertEquals("30m", options.getSessionGap());
    assertEquals("early=1m,lateness=10m,accumulating", options.getSessionTrigger());
    assertEquals("sliding:5m/1m", options.getTrafficWindow());
    assertEquals(5, options.getTopN());
    assertEquals(SuspiciousSessions.DEFAULT_THRESHOLD, options.getAlertThreshold(), 0.0);
    assertEquals("sessions", options.getSessionsTopic());
    assertEquals("traffic", options.getTrafficTopic());
    assertEquals("session-alerts", options.getSessionAlertsTopic());
    assertEquals("late-requests", options.getLateRequestsTopic());
  }

  @Test
  public void badOptionsAreOneLineNamingTheOption() {
    assertBad("--logFormat=json", "invalid --logFormat: unknown log format 'json'");
    assertBad("--sessionGap=0m", "invalid --sessionGap");
    assertBad("--sessionTrigger=early=1m", "invalid --sessionTrigger: session panes must accumulate");
    assertBad("--sessionTrigger=early=soon,accumulating", "invalid --sessionTrigger");
    assertBad("--trafficWindow=sliding:1m/5m", "invalid --trafficWindow");
    assertBad("--topN=0", "invalid --topN: top-N must be >= 1");
    assertBad("--alertThreshold=2", "invalid --alertThreshold");
  }

  private void assertBad(String option, String message) {
    err.reset();
    assertEquals(option, 2, StreammlCli.execute("run", "sessions", option));
    String text = err.toString(StandardCharsets.UTF_8).strip();
    assertThat(text, containsString(message));
    assertEquals(option + ": one line", 1, text.lines().count());
  }
}
