package dev.streamml.launchers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Test;

/**
 * Drives {@link BrokerControl} the way the shell launcher does: as its own short-lived JVM, with
 * only this module's classes on the classpath. The broker must outlive that JVM.
 */
public class BrokerControlIT {

  private static final Pattern STARTED =
      Pattern.compile("kafka started bootstrap\\.servers=127\\.0\\.0\\.1:(\\d+) pid=(\\d+)");

  private Path dir;

  @After
  public void killLeftovers() throws IOException {
    // If an assertion failed mid-way, never leave a detached broker behind.
    if (dir != null && Files.exists(dir.resolve(BrokerControl.STATE_FILE))) {
      Properties props = new Properties();
      try (Reader r = Files.newBufferedReader(dir.resolve(BrokerControl.STATE_FILE))) {
        props.load(r);
      }
      ProcessHandle.of(Long.parseLong(props.getProperty("pid"))).ifPresent(ProcessHandle::destroyForcibly);
    }
    if (dir != null) {
      LocalKafkaBroker.deleteRecursively(dir);
    }
  }

  @Test(timeout = 180_000)
  public void startStatusStopAcrossJvms() throws Exception {
    dir = Files.createTempDirectory("streamml-brokercontrol-it-");

    long t0 = System.nanoTime();
    Result start = control("start", "--dir", dir.toString());
    long startMs = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(start.err, 0, start.exitCode);
    Matcher m = STARTED.matcher(start.out.trim());
    assertTrue("unexpected start output: " + start.out + start.err, m.matches());
    int port = Integer.parseInt(m.group(1));
    long pid = Long.parseLong(m.group(2));

    // The launching JVM has exited; the broker must still serve.
    assertTrue("broker died with its launcher", ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertTrue(LocalKafkaBroker.accepts(port));
    // The shell launcher greps this line: it must be plain, without Properties' "\:" escape.
    assertTrue(
        Files.readAllLines(dir.resolve(BrokerControl.STATE_FILE))
            .contains("bootstrap.servers=127.0.0.1:" + port));
    Properties state = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve(BrokerControl.STATE_FILE))) {
      state.load(r);
    }
    assertEquals(Long.toString(pid), state.getProperty("pid"));
    assertEquals("127.0.0.1:" + port, state.getProperty("bootstrap.servers"));
    assertTrue(Files.exists(Path.of(state.getProperty("log.file"))));

    Result status = control("status", "--dir", dir.toString());
    assertEquals(0, status.exitCode);
    assertEquals("kafka running bootstrap.servers=127.0.0.1:" + port + " pid=" + pid, status.out.trim());

    Result again = control("start", "--dir", dir.toString());
    assertEquals(0, again.exitCode);
    assertTrue(again.out, again.out.startsWith("kafka already running bootstrap.servers=127.0.0.1:" + port));

    long t1 = System.nanoTime();
    Result stop = control("stop", "--dir", dir.toString());
    long stopMs = (System.nanoTime() - t1) / 1_000_000;
    assertEquals(stop.err, 0, stop.exitCode);
    assertEquals("kafka stopped pid=" + pid, stop.out.trim());
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertFalse(LocalKafkaBroker.accepts(port));

    Result after = control("status", "--dir", dir.toString());
    assertEquals(3, after.exitCode);
    assertEquals("kafka not running", after.out.trim());
    System.out.printf(
        "BrokerControlIT: 'start' command (JVM + format + broker ready) %d ms, 'stop' command %d ms%n",
        startMs, stopMs);
  }

  /** Runs BrokerControl in a fresh JVM whose classpath is this module's classes only. */
  private static Result control(String... args) throws Exception {
    Path classes =
        Path.of(BrokerControl.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> cmd = new ArrayList<>(List.of(
        KafkaDistribution.javaExecutable().toString(), "-cp", classes.toString(),
        BrokerControl.class.getName()));
    cmd.addAll(List.of(args));
    Path errFile = Files.createTempFile("brokercontrol-err", ".txt");
    try {
      // stdout through a pipe; that the call returns at all proves the broker does not hold it.
      Process p = new ProcessBuilder(cmd).redirectError(errFile.toFile()).start();
      p.getOutputStream().close();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("BrokerControl " + String.join(" ", args) + " hung: " + out);
      }
      return new Result(p.exitValue(), out, Files.readString(errFile));
    } finally {
      Files.deleteIfExists(errFile);
    }
  }

  private static final class Result {
    final int exitCode;
    final String out;
    final String err;

    Result(int exitCode, String out, String err) {
      this.exitCode = exitCode;
      this.out = out;
      this.err = err;
    }
  }
}
