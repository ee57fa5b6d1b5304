package dev.streamml.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Exit codes and one-line errors of the command line; nothing here starts a broker. */
public class StreammlCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @Before
  public void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @After
  public void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  public void helpListsEveryCommand() {
    assertEquals(0, StreammlCli.execute("--help"));
    for (String command : new String[] {"demo", "run", "replay", "kafka"}) {
      assertThat(stdout(), containsString("  " + command + " "));
    }
  }

  @Test
  public void unknownOptionSuggestsTheNearestAndExitsTwo() {
    assertEquals(2, StreammlCli.execute("demo", "--windw=fixed:1m"));
    assertThat(stderr(), containsString("Unknown option: '--windw=fixed:1m'"));
    assertThat(stderr(), containsString("--window"));
  }

  @Test
  public void badWindowSpecIsOneLineNamingTheOption() {
    assertEquals(2, StreammlCli.execute("demo", "--window=fixd:1m"));
    String message = stderr().strip();
    assertThat(message, containsString("invalid --window: invalid window spec 'fixd:1m'"));
    assertEquals("one line, no stack trace", 1, message.lines().count());
    assertThat(stdout(), not(containsString("starting a local Kafka broker")));
  }

  @Test
  public void unknownRunnerIsAUsageError() {
    assertEquals(2, StreammlCli.execute("demo", "--runner=spark"));
    assertThat(stderr(), containsString("unknown runner 'spark'"));
  }

  @Test
  public void unknownPipelineIsAUsageError() {
    assertEquals(2, StreammlCli.execute("run", "nosuch"));
    assertThat(stderr(), containsString("unknown pipeline 'nosuch'"));
  }

  @Test
  public void boundedReadOnParallelFlinkIsRefused() {
    assertEquals(
        2,
        StreammlCli.execute(
            "run", "features", "--runner=flink", "--parallelism=2", "--readToEnd=true"));
    assertThat(stderr(), containsString("invalid --readToEnd"));
  }

  @Test
  public void badTriggerSpecNamesTheOption() {
    assertEquals(2, StreammlCli.execute("demo", "--trigger=lateness=-1m"));
    assertThat(stderr(), containsString("invalid --trigger"));
  }
}
