package dev.streamml.launchers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FlinkControlTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return FlinkControl.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  public void badArgumentsAreUsageErrorsNamingTheOption() {
    assertEquals(FlinkControl.EXIT_USAGE, run());
    assertEquals(FlinkControl.EXIT_USAGE, run("restart"));
    assertTrue(err(), err().contains("unknown command 'restart'"));
    assertEquals(FlinkControl.EXIT_USAGE, run("start", "--taskmanagers", "0"));
    assertTrue(err(), err().contains("invalid --taskmanagers: '0'; allowed: an integer from 1 to 8"));
    assertEquals(FlinkControl.EXIT_USAGE, run("start", "--slots=x"));
    assertTrue(err(), err().contains("invalid --slots: 'x'"));
    assertEquals(FlinkControl.EXIT_USAGE, run("status", "--dir"));
    assertTrue(err(), err().contains("--dir needs a value"));
  }

  @Test
  public void statusAndStopWithoutAClusterSayNotRunning() {
    Path dir = tmp.getRoot().toPath();
    assertEquals(FlinkControl.EXIT_NOT_RUNNING, run("status", "--dir", dir.toString()));
    assertEquals(FlinkControl.EXIT_OK, run("stop", "--dir", dir.toString()));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("flink not running"));
  }

  @Test
  public void restAnswersAreReadByField() {
    String checkpoints =
        "{\"counts\":{\"restored\":1,\"total\":9,\"in_progress\":0,\"completed\":7,\"failed\":2},"
            + "\"latest\":{\"completed\":{\"id\":9}}}";
    assertEquals(7, FlinkRest.number(checkpoints, "completed"));
    assertEquals(1, FlinkRest.number(checkpoints, "restored"));
    String savepoint =
        "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"file:/tmp/sp\\/savepoint-1\"}}";
    assertEquals("file:/tmp/sp/savepoint-1", FlinkRest.text(savepoint, "location").orElseThrow());
  }

  @Test
  public void metricsWithoutAClusterSaysNotRunning() {
    assertEquals(FlinkControl.EXIT_NOT_RUNNING, run("metrics", "--dir", tmp.getRoot().toString()));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("flink not running"));
  }

  @Test
  public void recordedRestAddressNeedsALiveFlinkJobManager() throws Exception {
    Path dir = tmp.getRoot().toPath();
    assertEquals(Optional.empty(), FlinkControl.recordedRestAddress(dir));

    // A pid that no longer runs: the cluster was stopped or died without `stop`.
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    record(dir, gone.pid());
    assertEquals(Optional.empty(), FlinkControl.recordedRestAddress(dir));

    // A live process, but not Flink (pids get reused).
    record(dir, ProcessHandle.current().pid());
    assertEquals(Optional.empty(), FlinkControl.recordedRestAddress(dir));

    // A live process whose command line names Flink's runtime, as a JobManager's does.
    Process jobManager =
        new ProcessBuilder("sh", "-c", "sleep 60; true", "org.apache.flink.runtime.entrypoint").start();
    try {
      record(dir, jobManager.pid());
      assertEquals(Optional.of("127.0.0.1:38211"), FlinkControl.recordedRestAddress(dir));
    } finally {
      jobManager.destroyForcibly().waitFor();
    }
  }

  private static void record(Path dir, long jobManagerPid) throws Exception {
    Files.writeString(
        dir.resolve(FlinkControl.STATE_FILE),
        "rest.address=127.0.0.1:38211\njobmanager.pid=" + jobManagerPid
            + "\ntaskmanager.pids=\njobmanager.log=/dev/null\n");
  }
}
