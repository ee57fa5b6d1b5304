package dev.streamml.launchers;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Command line to start, stop and query a local Flink session cluster ({@link LocalFlinkCluster})
 * that outlives the command, the way {@link BrokerControl} does for Kafka.
 *
 * <p>{@code start} launches the JobManager and the TaskManagers detached, waits until every
 * TaskManager registered, writes {@code DIR/cluster.properties} (pids, REST address, logs) and
 * exits; {@code stop}, {@code status} and {@code metrics} (the streamml Beam metrics of every job
 * still running, as the Flink web UI shows them) find the cluster through that file, and so does
 * {@code --runner=flink-cluster} when no {@code --flinkMaster} is given ({@link
 * #recordedRestAddress}). DIR defaults to {@code .streamml/flink}. Exit codes: 0 done, 1 failed, 2
 * bad arguments, 3 {@code status} or {@code metrics} found no running cluster.
 *
 * <pre>{@code
 * $ java -cp runners-config/launchers/target/classes dev.streamml.launchers.FlinkControl start --taskmanagers 2
 * flink started rest=127.0.0.1:38211 jobmanager.pid=4242 taskmanager.pids=4250,4251
 * $ ... status
 * flink running rest=127.0.0.1:38211 taskmanagers=2 slots.available=4 jobs.running=0
 * $ ... metrics
 * job 5f0c... RUNNING
 *   streamml_events_parsed                       7267
 * $ ... stop
 * flink stopped pids=4242,4250,4251
 * }</pre>
 */
public final class FlinkControl {

  /** Default state directory, relative to the current directory. */
  public static final String DEFAULT_DIR = ".streamml/flink";

  /** Name of the state file in the state directory. */
  public static final String STATE_FILE = "cluster.properties";

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;
  static final int EXIT_NOT_RUNNING = 3;

  private static final String USAGE =
      "usage: FlinkControl start|stop|status|metrics [--taskmanagers N] [--slots N] [--dir DIR]";

  private FlinkControl() {}

  /** Runs one command and exits the JVM with its exit code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** The command without {@link System#exit}, so tests can call it. Returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println("error: missing command; " + USAGE);
      return EXIT_USAGE;
    }
    String command = args[0];
    if (!List.of("start", "stop", "status", "metrics").contains(command)) {
      err.println("error: unknown command '" + command + "'; " + USAGE);
      return EXIT_USAGE;
    }
    Path dir = Path.of(DEFAULT_DIR);
    int taskManagers = 1;
    int slots = 2;
    try {
      for (int i = 1; i < args.length; i++) {
        String[] kv = args[i].split("=", 2);
        String value = kv.length == 2 ? kv[1] : (i + 1 < args.length ? args[++i] : null);
        if (value == null || value.isBlank()) {
          throw new IllegalArgumentException(kv[0] + " needs a value");
        }
        switch (kv[0]) {
          case "--dir":
            dir = Path.of(value);
            break;
          case "--taskmanagers":
            taskManagers = intIn("--taskmanagers", value, 1, 8);
            break;
          case "--slots":
            slots = intIn("--slots", value, 1, 16);
            break;
          default:
            throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage() + "; " + USAGE);
      return EXIT_USAGE;
    }
    dir = dir.toAbsolutePath().normalize();
    try {
      switch (command) {
        case "start":
          return start(dir, taskManagers, slots, out);
        case "stop":
          return stop(dir, out);
        case "metrics":
          return metrics(dir, out);
        default:
          return status(dir, out);
      }
    } catch (RuntimeException e) {
      err.println("error: flink " + command + " failed: " + e.getMessage());
      return EXIT_FAILED;
    }
  }

  private static int intIn(String option, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Falls through to the message that says what is allowed.
    }
    throw new IllegalArgumentException(
        "invalid " + option + ": '" + value + "'; allowed: an integer from " + min + " to " + max);
  }

  private static int start(Path dir, int taskManagers, int slots, PrintStream out) {
    Optional<State> running = running(dir);
    if (running.isPresent()) {
      out.println("flink already running " + running.get().describe());
      return EXIT_OK;
    }
    LocalFlinkCluster cluster =
        LocalFlinkCluster.builder()
            .dataDir(dir)
            .taskManagers(taskManagers)
            .slotsPerTaskManager(slots)
            .detached(true)
            .start();
    State state =
        new State(cluster.restAddress(), cluster.jobManagerPid(), cluster.taskManagerPids(),
            cluster.jobManagerLog());
    state.write(dir.resolve(STATE_FILE));
    out.println("flink started " + state.describe());
    out.println("web UI: http://" + cluster.restAddress() + "   submit with --runner=flink-cluster"
        + " (this address is its default --flinkMaster)");
    return EXIT_OK;
  }

  private static int stop(Path dir, PrintStream out) {
    Optional<State> running = running(dir);
    if (running.isEmpty()) {
      deleteState(dir);
      out.println("flink not running");
      return EXIT_OK;
    }
    List<Long> pids = new ArrayList<>(running.get().taskManagerPids);
    pids.add(running.get().jobManagerPid);
    List<ProcessHandle> handles = new ArrayList<>();
    for (long pid : pids) {
      ProcessHandle.of(pid).filter(FlinkControl::looksLikeFlink).ifPresent(handles::add);
    }
    handles.forEach(ProcessHandle::destroy);
    for (ProcessHandle h : handles) {
      if (!awaitExit(h, 15)) {
        h.destroyForcibly();
        if (!awaitExit(h, 10)) {
          throw new IllegalStateException("pid " + h.pid() + " survived SIGKILL");
        }
      }
    }
    deleteState(dir);
    out.println("flink stopped pids=" + join(pids));
    return EXIT_OK;
  }

  private static int status(Path dir, PrintStream out) {
    Optional<State> running = running(dir);
    if (running.isEmpty()) {
      out.println("flink not running");
      return EXIT_NOT_RUNNING;
    }
    State state = running.get();
    FlinkRest rest = FlinkRest.at(state.restAddress);
    try {
      out.println("flink running rest=" + state.restAddress + " taskmanagers=" + rest.taskManagers()
          + " slots.available=" + rest.slotsAvailable() + " jobs.running="
          + rest.runningJobs().size());
    } catch (RuntimeException e) {
      out.println("flink running " + state.describe() + " (REST not answering: " + e.getMessage()
          + ")");
    }
    return EXIT_OK;
  }

  /**
   * The streamml Beam metrics of every job that is not finished, failed or cancelled, summed over
   * operators and subtasks ({@link JobMetrics}).
   */
  private static int metrics(Path dir, PrintStream out) {
    Optional<State> running = running(dir);
    if (running.isEmpty()) {
      out.println("flink not running");
      return EXIT_NOT_RUNNING;
    }
    FlinkRest rest = FlinkRest.at(running.get().restAddress);
    Map<String, String> jobs = rest.jobs();
    List<String> active = rest.runningJobs();
    if (active.isEmpty()) {
      out.println("no job running on " + rest.address());
    }
    for (String job : active) {
      out.println("job " + job + " " + jobs.get(job));
      JobMetrics metrics = JobMetrics.read(rest, job, "streamml.");
      if (metrics.isEmpty()) {
        out.println("  (no streamml metrics yet: they appear once a bundle finishes)");
      }
      metrics.lines().forEach(out::println);
    }
    out.println("web UI: http://" + rest.address() + " (Jobs, a job, a vertex, Metrics)");
    return EXIT_OK;
  }

  /**
   * The REST address ({@code host:port}) of the cluster that {@code start} recorded in {@code dir},
   * if its JobManager still runs: what {@code --runner=flink-cluster} submits to when no {@code
   * --flinkMaster} is given.
   */
  public static Optional<String> recordedRestAddress(Path dir) {
    return running(dir.toAbsolutePath().normalize())
        .map(state -> state.restAddress)
        .filter(address -> !address.isBlank());
  }

  /** The recorded cluster, if its JobManager still runs and is still Flink (pids get reused). */
  private static Optional<State> running(Path dir) {
    Path file = dir.resolve(STATE_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    State state = State.read(file);
    boolean alive =
        ProcessHandle.of(state.jobManagerPid)
            .filter(ProcessHandle::isAlive)
            .filter(FlinkControl::looksLikeFlink)
            .isPresent();
    return alive ? Optional.of(state) : Optional.empty();
  }

  private static boolean looksLikeFlink(ProcessHandle handle) {
    return handle.info().commandLine().map(cmd -> cmd.contains("org.apache.flink.runtime"))
        .orElse(true);
  }

  private static boolean awaitExit(ProcessHandle handle, long seconds) {
    try {
      handle.onExit().get(seconds, TimeUnit.SECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !handle.isAlive();
    } catch (Exception e) {
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

  private static String join(List<Long> pids) {
    return pids.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /** The content of {@code cluster.properties}: plain key=value lines, readable by grep/cut. */
  private static final class State {
    final String restAddress;
    final long jobManagerPid;
    final List<Long> taskManagerPids;
    final Path log;

    State(String restAddress, long jobManagerPid, List<Long> taskManagerPids, Path log) {
      this.restAddress = restAddress;
      this.jobManagerPid = jobManagerPid;
      this.taskManagerPids = taskManagerPids;
      this.log = log;
    }

    String describe() {
      return "rest=" + restAddress + " jobmanager.pid=" + jobManagerPid + " taskmanager.pids="
          + join(taskManagerPids);
    }

    void write(Path file) {
      String text =
          "# Flink session cluster started by dev.streamml.launchers.FlinkControl\n"
              + "rest.address=" + restAddress + "\n"
              + "jobmanager.pid=" + jobManagerPid + "\n"
              + "taskmanager.pids=" + join(taskManagerPids) + "\n"
              + "jobmanager.log=" + log + "\n";
      StateFiles.write(file, text);
    }

    static State read(Path file) {
      Properties p = StateFiles.read(file);
      try {
        List<Long> tms = new ArrayList<>();
        for (String pid : p.getProperty("taskmanager.pids", "").split(",")) {
          if (!pid.isBlank()) {
            tms.add(Long.parseLong(pid.trim()));
          }
        }
        return new State(
            p.getProperty("rest.address", ""),
            Long.parseLong(p.getProperty("jobmanager.pid", "").trim()),
            tms,
            Path.of(p.getProperty("jobmanager.log", "")));
      } catch (NumberFormatException e) {
        throw new IllegalStateException(file + " has no valid pids; delete it if no cluster runs", e);
      }
    }
  }
}
