package dev.streamml.launchers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Argument handling and the not-running paths; {@link BrokerControlIT} starts a real broker. */
public class BrokerControlTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return BrokerControl.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  public void badArgumentsExitTwoWithOneLineOnStderr() {
    String[][] bad = {
      {}, {"restart"}, {"start", "--dir"}, {"status", "--port", "9092"}, {"stop", "--dir", " "}
    };
    for (String[] args : bad) {
      out.reset();
      err.reset();
      assertEquals(String.join(" ", args), 2, run(args));
      assertEquals("stdout must stay empty: " + out(), "", out());
      assertEquals("exactly one line: " + err(), 1, err().lines().count());
      assertTrue(err(), err().startsWith("error: "));
    }
  }

  @Test
  public void statusWithoutBrokerExitsThree() throws IOException {
    String dir = tmp.newFolder().toString();
    assertEquals(3, run("status", "--dir", dir));
    assertEquals("kafka not running", out().trim());
  }

  @Test
  public void staleStateFileMeansNotRunning() throws IOException {
    // A state file left by a broker that died (or whose pid now belongs to another program).
    Path dir = tmp.newFolder().toPath();
    Files.writeString(
        dir.resolve(BrokerControl.STATE_FILE),
        "pid=" + ProcessHandle.current().pid() + "\nbootstrap.servers=127.0.0.1:1\nlog.file=x\n");

    assertEquals(3, run("status", "--dir=" + dir));
    assertEquals("kafka not running", out().trim());

    out.reset();
    assertEquals(0, run("stop", "--dir", dir.toString()));
    assertEquals("kafka not running", out().trim());
    assertTrue("this JVM must not have been killed", ProcessHandle.current().isAlive());
    assertTrue("stale state removed", Files.notExists(dir.resolve(BrokerControl.STATE_FILE)));
  }
}
