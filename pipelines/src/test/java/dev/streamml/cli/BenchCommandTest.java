package dev.streamml.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Bad bench settings fail at once, before any broker starts, with one line and exit code 2. */
public class BenchCommandTest {
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

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8).strip();
  }

  @Test
  public void unknownPipelineNamesTheAcceptedOnes() {
    assertEquals(2, StreammlCli.execute("bench", "--pipeline=nosuch"));
    assertThat(stderr(), containsString("unknown pipeline 'nosuch'; accepted: anomaly, features"));
    assertEquals(1, stderr().lines().count());
  }

  @Test
  public void onlyDirectAndEmbeddedFlink() {
    assertEquals(2, StreammlCli.execute("bench", "--runner=dataflow"));
    assertThat(stderr(), containsString("--runner"));
  }

  @Test
  public void latencyNeedsOneResultPerEvent() {
    assertEquals(2, StreammlCli.execute("bench", "--pipeline=features", "--rate=100"));
    assertThat(stderr(), containsString("invalid --rate"));
  }

  @Test
  public void passedThroughOptionsMustBeNameValue() {
    assertEquals(2, StreammlCli.execute("bench", "stray"));
    assertThat(stderr(), containsString("stray"));
  }
}
