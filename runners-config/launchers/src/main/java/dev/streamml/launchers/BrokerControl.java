package dev.streamml.launchers;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Command line to start, stop and query a local Kafka broker that outlives the command, for shell
 * launchers and for developers ({@link LocalKafkaBroker} is the in-process API that tests use).
 *
 * <p>{@code start} launches the broker detached, waits until it is ready, records it in {@code
 * DIR/broker.properties} (pid, bootstrap.servers, log file) and exits; {@code stop} and {@code
 * status} find it through that file. DIR defaults to {@code .streamml/kafka} under the current
 * directory. Each start formats fresh storage: topics do not survive a restart.
 *
 * <p>Exit codes: 0 done, 1 failed (e.g. the broker did not start), 2 bad arguments, 3 {@code
 * status} found no running broker.
 *
 * <pre>{@code
 * $ java -cp runners-config/launchers/target/classes dev.streamml.launchers.BrokerControl start
 * kafka started bootstrap.servers=127.0.0.1:40123 pid=12345
 * $ java -cp runners-config/launchers/target/classes dev.streamml.launchers.BrokerControl status
 * kafka running bootstrap.servers=127.0.0.1:40123 pid=12345
 * $ java -cp runners-config/launchers/target/classes dev.streamml.launchers.BrokerControl stop
 * kafka stopped pid=12345
 * }</pre>
 */
public final class BrokerControl {

  /** Default state directory, relative to the current directory. */
  public static final String DEFAULT_DIR = ".streamml/kafka";

  /** Name of the state file in the state directory. */
  public static final String STATE_FILE = "broker.properties";

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_NOT_RUNNING = 3;

  private static final String USAGE = "usage: BrokerControl start|stop|status [--dir DIR]";

  private BrokerControl() {}

  /**
   * Runs one command and exits the JVM with its exit code.
   *
   * @param args {@code start|stop|status [--dir DIR]}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command without {@link System#exit}, so tests can call it. Returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
      out.println(USAGE);
      return EXIT_OK;
    }
    if (args.length == 0) {
      err.println("error: missing command; " + USAGE);
      return EXIT_USAGE;
    }
    String command = args[0];
    if (!command.equals("start") && !command.equals("stop") && !command.equals("status")) {
      err.println("error: unknown command '" + command + "'; " + USAGE);
      return EXIT_USAGE;
    }
    Path dir = Path.of(DEFAULT_DIR);
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--dir")) {
        if (i + 1 >= args.length || args[i + 1].isBlank()) {
          err.println("error: --dir needs a value; " + USAGE);
          return EXIT_USAGE;
        }
        dir = Path.of(args[++i]);
      } else if (arg.startsWith("--dir=") && arg.length() > "--dir=".length()) {
        dir = Path.of(arg.substring("--dir=".length()));
      } else {
        err.println("error: unexpected argument '" + arg + "'; " + USAGE);
        return EXIT_USAGE;
      }
    }
    dir = dir.toAbsolutePath().normalize();
    try {
      switch (command) {
        case "start":
          return start(dir, out);
        case "stop":
          return stop(dir, out);
        default:
          return status(dir, out);
      }
    } catch (RuntimeException e) {
      err.println("error: kafka " + command + " failed: " + e.getMessage());
      return EXIT_FAILED;
    }
  }

  private static int start(Path dir, PrintStream out) {
    Optional<State> running = runningBroker(dir);
    if (running.isPresent()) {
      // Idempotent, so a launcher script can call "start" without checking first.
      out.println("kafka already running " + running.get().describe());
      return EXIT_OK;
    }
    LocalKafkaBroker broker = LocalKafkaBroker.builder().dataDir(dir).detached(true).start();
    State state = new State(broker.pid(), broker.bootstrapServers(), broker.logFile());
    state.write(dir.resolve(STATE_FILE));
    out.println("kafka started " + state.describe());
    return EXIT_OK;
  }

  private static int stop(Path dir, PrintStream out) {
    Optional<State> running = runningBroker(dir);
    if (running.isEmpty()) {
      deleteState(dir);
      out.println("kafka not running");
      return EXIT_OK;
    }
    long pid = running.get().pid;
    ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
    if (handle != null) {
      handle.destroy(); // SIGTERM: Kafka's clean shutdown
      if (!awaitExit(handle, 15)) {
        handle.destroyForcibly();
        if (!awaitExit(handle, 10)) {
          throw new IllegalStateException("pid " + pid + " survived SIGKILL");
        }
      }
    }
    deleteState(dir);
    out.println("kafka stopped pid=" + pid);
    return EXIT_OK;
  }

  private static int status(Path dir, PrintStream out) {
    Optional<State> running = runningBroker(dir);
    if (running.isEmpty()) {
      out.println("kafka not running");
      return EXIT_NOT_RUNNING;
    }
    out.println("kafka running " + running.get().describe());
    return EXIT_OK;
  }

  /** The recorded broker, if its process still runs and is still that broker (pids get reused). */
  private static Optional<State> runningBroker(Path dir) {
    Path file = dir.resolve(STATE_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    State state = State.read(file);
    return ProcessHandle.of(state.pid)
        .filter(ProcessHandle::isAlive)
        .filter(BrokerControl::looksLikeKafka)
        .map(h -> state);
  }

  private static boolean looksLikeKafka(ProcessHandle handle) {
    // Without a readable command line (another user's process) trust the pid rather than orphan
    // a broker; with one, insist on Kafka's main class.
    return handle.info().commandLine().map(cmd -> cmd.contains("kafka.Kafka")).orElse(true);
  }

  private static boolean awaitExit(ProcessHandle handle, long seconds) {
    try {
      handle.onExit().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException e) {
      return !handle.isAlive();
    } catch (ExecutionException e) {
      return !handle.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !handle.isAlive();
    }
  }

  private static void deleteState(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(STATE_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir.resolve(STATE_FILE), e);
    }
  }

  /** The content of {@code broker.properties}. */
  private static final class State {
    final long pid;
    final String bootstrapServers;
    final Path logFile;

    State(long pid, String bootstrapServers, Path logFile) {
      this.pid = pid;
      this.bootstrapServers = bootstrapServers;
      this.logFile = logFile;
    }

    String describe() {
      return "bootstrap.servers=" + bootstrapServers + " pid=" + pid;
    }

    void write(Path file) {
      // Plain key=value lines rather than Properties.store, which escapes ':' as "\:": shell
      // launchers read this file with grep/cut. Properties.load still reads it (no escapes needed:
      // the values hold no backslashes or newlines).
      String text =
          "# Kafka broker started by dev.streamml.launchers.BrokerControl\n"
              + "pid=" + pid + "\n"
              + "bootstrap.servers=" + bootstrapServers + "\n"
              + "log.file=" + logFile + "\n";
      // Written then renamed, so a concurrent "status" never reads half a file.
      StateFiles.write(file, text);
    }

    static State read(Path file) {
      Properties props = StateFiles.read(file);
      try {
        return new State(
            Long.parseLong(props.getProperty("pid", "").trim()),
            props.getProperty("bootstrap.servers", ""),
            Path.of(props.getProperty("log.file", "")));
      } catch (NumberFormatException e) {
        throw new IllegalStateException(file + " has no valid pid; delete it if no broker runs", e);
      }
    }
  }
}
