package dev.streamml.launchers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Test;

/**
 * {@link FlinkControl} against real processes: start a detached session cluster (JobManager and
 * one TaskManager), see it in {@code status} and through REST, stop it by pid, and find every
 * process gone.
 */
public class FlinkControlIT {

  private static final Pattern STARTED =
      Pattern.compile(
          "flink started rest=(127\\.0\\.0\\.1:\\d+) jobmanager\\.pid=(\\d+) taskmanager\\.pids=(\\d+)");

  private Path dir;

  @After
  public void killLeftovers() throws IOException {
    // A failed assertion must never leave a detached cluster behind.
    Path state = dir == null ? null : dir.resolve(FlinkControl.STATE_FILE);
    if (state != null && Files.exists(state)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(state)) {
        p.load(r);
      }
      List<String> pids = new ArrayList<>(List.of(p.getProperty("taskmanager.pids", "").split(",")));
      pids.add(p.getProperty("jobmanager.pid", ""));
      for (String pid : pids) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
    if (dir != null) {
      LocalKafkaBroker.deleteRecursively(dir);
    }
  }

  @Test(timeout = 240_000)
  public void startStatusStop() throws Exception {
    dir = Files.createTempDirectory("streamml-flinkcontrol-it-");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

    long t0 = System.nanoTime();
    int code = FlinkControl.run(new String[] {"start", "--dir", dir.toString()}, o, e);
    double startSeconds = (System.nanoTime() - t0) / 1e9;
    assertEquals(err.toString(StandardCharsets.UTF_8), 0, code);
    Matcher m = STARTED.matcher(out.toString(StandardCharsets.UTF_8));
    assertTrue("unexpected start output: " + out, m.find());
    String rest = m.group(1);
    long jm = Long.parseLong(m.group(2));
    long tm = Long.parseLong(m.group(3));
    assertTrue(ProcessHandle.of(jm).map(ProcessHandle::isAlive).orElse(false));
    assertEquals(1, FlinkRest.at(rest).taskManagers());
    assertEquals(2, FlinkRest.at(rest).slotsAvailable());

    out.reset();
    assertEquals(0, FlinkControl.run(new String[] {"start", "--dir", dir.toString()}, o, e));
    assertTrue("start is idempotent", out.toString(StandardCharsets.UTF_8).contains("already running"));

    out.reset();
    assertEquals(0, FlinkControl.run(new String[] {"status", "--dir", dir.toString()}, o, e));
    assertTrue(out.toString(StandardCharsets.UTF_8),
        out.toString(StandardCharsets.UTF_8).contains("taskmanagers=1 slots.available=2 jobs.running=0"));

    out.reset();
    assertEquals(0, FlinkControl.run(new String[] {"stop", "--dir", dir.toString()}, o, e));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("flink stopped"));
    assertFalse("JobManager gone", ProcessHandle.of(jm).map(ProcessHandle::isAlive).orElse(false));
    assertFalse("TaskManager gone", ProcessHandle.of(tm).map(ProcessHandle::isAlive).orElse(false));
    assertEquals(
        FlinkControl.EXIT_NOT_RUNNING,
        FlinkControl.run(new String[] {"status", "--dir", dir.toString()}, o, e));
    System.out.printf("FlinkControlIT: cluster up in %.1f s%n", startSeconds);
  }
}
