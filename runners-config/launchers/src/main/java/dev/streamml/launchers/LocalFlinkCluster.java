package dev.streamml.launchers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A real Apache Flink 1.19 session cluster on 127.0.0.1: one JobManager and N TaskManagers, each
 * its own JVM started from the jars of {@code runners-config/flink-dist} (Apache's flink-dist
 * archive is not on Maven Central, and no Docker is needed). Pipelines are submitted to it with
 * {@code --runner=FlinkRunner --flinkMaster=<restAddress()>} and the bundled jar.
 *
 * <p>Started without Flink's shell scripts, so this class does what they do: it writes {@code
 * conf/flink-conf.yaml} with every TaskManager memory component set (the TaskManager refuses to
 * start otherwise), gives each JVM the heap and direct memory those components add up to, the
 * {@code --add-opens} Flink needs on Java 17, and a log4j 2 file log ({@code log/jobmanager.log},
 * {@code log/taskmanager-<i>.log}). REST (and the web UI) and RPC use free ports.
 *
 * <p>Like {@link LocalKafkaBroker}, the processes do not outlive this JVM: {@link #close()}, a
 * shutdown hook and a {@link ParentWatchdog} in each child stop them. {@link #killTaskManager}
 * ends one TaskManager with SIGKILL, for fault tests.
 *
 * <pre>{@code
 * try (LocalFlinkCluster flink = LocalFlinkCluster.builder().taskManagers(2).start()) {
 *   String master = flink.restAddress();            // "127.0.0.1:38211": --flinkMaster=
 *   // ... submit a pipeline, then:
 *   long pid = flink.killTaskManager(0);            // kill -9; Flink restores the last checkpoint
 * }
 * }</pre>
 */
public final class LocalFlinkCluster implements AutoCloseable {

  static final String CONF_DIR = "conf";
  static final String LOG_DIR = "log";
  static final String CONF_FILE = "flink-conf.yaml";
  static final String JOBMANAGER_LOG = "jobmanager.log";

  static final String JOBMANAGER_MAIN =
      "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  static final String TASKMANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";

  /** JVM property on every cluster JVM's command line, so {@code ps} shows which cluster it is. */
  static final String DATA_DIR_MARKER = "streamml.flink.dataDir";

  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  /** What Flink's own scripts pass on Java 17 (env.java.opts.all of its default config). */
  static final List<String> JAVA17_OPENS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private final Path dataDir;
  private final boolean ownsDataDir;
  private final Builder settings;
  private final int restPort;
  private final Process jobManager;
  private final List<Process> taskManagers = Collections.synchronizedList(new ArrayList<>());
  private final Thread shutdownHook;
  private boolean closed;

  private LocalFlinkCluster(
      Path dataDir, boolean ownsDataDir, Builder settings, int restPort, Process jobManager,
      Thread shutdownHook) {
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.settings = settings;
    this.restPort = restPort;
    this.jobManager = jobManager;
    this.shutdownHook = shutdownHook;
  }

  /** Starts configuring a cluster; nothing runs until {@link Builder#start()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code 127.0.0.1:<rest port>}: the value of {@code --flinkMaster}, and the web UI. */
  public String restAddress() {
    return "127.0.0.1:" + restPort;
  }

  /** A client of this cluster's REST API. */
  public FlinkRest rest() {
    return FlinkRest.at(restAddress());
  }

  /** Process id of the JobManager JVM. */
  public long jobManagerPid() {
    return jobManager.pid();
  }

  /** Process ids of the TaskManagers started so far that still run, in start order. */
  public List<Long> taskManagerPids() {
    List<Long> pids = new ArrayList<>();
    synchronized (taskManagers) {
      for (Process tm : taskManagers) {
        if (tm.isAlive()) {
          pids.add(tm.pid());
        }
      }
    }
    return pids;
  }

  /** The folder with {@code conf/}, {@code log/}, checkpoints and savepoints. */
  public Path dataDir() {
    return dataDir;
  }

  /** Where savepoints go unless a job names another folder ({@code state.savepoints.dir}). */
  public Path savepointDir() {
    return dataDir.resolve("savepoints");
  }

  /** Where checkpoints go unless a job names another folder ({@code state.checkpoints.dir}). */
  public Path checkpointDir() {
    return dataDir.resolve("checkpoints");
  }

  /** The JobManager's log. */
  public Path jobManagerLog() {
    return dataDir.resolve(LOG_DIR).resolve(JOBMANAGER_LOG);
  }

  /**
   * Kills the {@code index}-th running TaskManager with SIGKILL (no clean shutdown, as in a crash)
   * and waits until the process is gone.
   *
   * @return the killed process id
   */
  public long killTaskManager(int index) {
    Process tm;
    synchronized (taskManagers) {
      List<Process> alive = new ArrayList<>();
      for (Process p : taskManagers) {
        if (p.isAlive()) {
          alive.add(p);
        }
      }
      if (index < 0 || index >= alive.size()) {
        throw new IllegalArgumentException(
            "no running TaskManager #" + index + "; " + alive.size() + " running");
      }
      tm = alive.get(index);
    }
    tm.destroyForcibly();
    try {
      tm.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing a TaskManager", e);
    }
    return tm.pid();
  }

  /** Starts one more TaskManager and waits until the JobManager counts {@code expected} of them. */
  public long addTaskManager(int expected, Duration timeout) {
    Process tm = settings.launchTaskManager(dataDir, taskManagers.size());
    taskManagers.add(tm);
    awaitTaskManagers(rest(), expected, timeout, this::anyDied);
    return tm.pid();
  }

  /**
   * Stops every TaskManager, then the JobManager (SIGTERM; SIGKILL after 15 s), and deletes a
   * temporary data directory. Calling it again does nothing.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopAll();
    if (shutdownHook != null) {
      LocalKafkaBroker.removeShutdownHook(shutdownHook);
    }
    if (ownsDataDir) {
      LocalKafkaBroker.deleteRecursively(dataDir);
    }
  }

  private void stopAll() {
    List<Process> all;
    synchronized (taskManagers) {
      all = new ArrayList<>(taskManagers);
    }
    // Ask all first, then wait: the JVMs shut down in parallel instead of one after another.
    for (Process p : all) {
      p.destroy();
    }
    for (Process p : all) {
      LocalKafkaBroker.stop(p);
    }
    LocalKafkaBroker.stop(jobManager);
  }

  private String anyDied() {
    return jobManager.isAlive()
        ? null
        : "the JobManager exited with code " + jobManager.exitValue() + "; log " + jobManagerLog()
            + ", last lines:\n" + LocalKafkaBroker.tail(jobManagerLog(), 30);
  }

  @Override
  public String toString() {
    return "LocalFlinkCluster{rest=" + restAddress() + ", jobManagerPid=" + jobManagerPid()
        + ", taskManagerPids=" + taskManagerPids() + ", dataDir=" + dataDir + "}";
  }

  /**
   * Configures and starts a {@link LocalFlinkCluster}.
   *
   * <pre>{@code
   * LocalFlinkCluster flink = LocalFlinkCluster.builder()
   *     .taskManagers(2)                       // default 1
   *     .slotsPerTaskManager(2)                // default 2
   *     .heartbeatTimeout(Duration.ofSeconds(10))   // how soon a dead TaskManager is noticed
   *     .config("execution.checkpointing.timeout", "2 min")
   *     .start();
   * }</pre>
   */
  public static final class Builder {
    private int taskManagers = 1;
    private int slots = 2;
    private Path dataDir;
    private Path libDir;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private Duration heartbeatTimeout = Duration.ofSeconds(15);
    private final Map<String, String> extraConfig = new LinkedHashMap<>();
    private boolean detached;

    private Builder() {}

    /** Number of TaskManager JVMs (1 to 8); default 1. */
    public Builder taskManagers(int count) {
      if (count < 1 || count > 8) {
        throw new IllegalArgumentException("taskManagers must be 1 to 8, got " + count);
      }
      this.taskManagers = count;
      return this;
    }

    /** Task slots of each TaskManager (1 to 16); default 2. */
    public Builder slotsPerTaskManager(int count) {
      if (count < 1 || count > 16) {
        throw new IllegalArgumentException("slotsPerTaskManager must be 1 to 16, got " + count);
      }
      this.slots = count;
      return this;
    }

    /** Uses this folder (created if missing) instead of a temporary one; kept on close. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    /** The folder of Flink jars; default {@link FlinkDistribution#libDir()}. */
    public Builder libDir(Path libDir) {
      this.libDir = Objects.requireNonNull(libDir, "libDir");
      return this;
    }

    /** Time allowed until REST answers and every TaskManager registered; default 120 s. */
    public Builder startTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive, got: " + timeout);
      }
      this.startTimeout = timeout;
      return this;
    }

    /**
     * After how long without heartbeats a TaskManager counts as lost (default 15 s; Flink's own
     * default is 50 s). Shorter means faster recovery from a crash, but on a loaded machine a GC
     * pause can then pass for a crash.
     */
    public Builder heartbeatTimeout(Duration timeout) {
      if (timeout == null || timeout.toMillis() < 2_000) {
        throw new IllegalArgumentException("heartbeatTimeout must be at least 2 s, got: " + timeout);
      }
      this.heartbeatTimeout = timeout;
      return this;
    }

    /** Adds or overrides one line of {@code flink-conf.yaml}. */
    public Builder config(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (key.isBlank() || (key + value).chars().anyMatch(c -> c == '\n' || c == '\r')) {
        throw new IllegalArgumentException("invalid config line: '" + key + "'");
      }
      extraConfig.put(key.strip(), value.strip());
      return this;
    }

    /** Detached: no shutdown hook or watchdog, new session; only {@link FlinkControl} uses it. */
    Builder detached(boolean detached) {
      this.detached = detached;
      return this;
    }

    /**
     * Writes the configuration, launches the JobManager and the TaskManagers and waits until REST
     * answers and every TaskManager has registered.
     *
     * @throws IllegalStateException if the jars are missing or a JVM exits or is not ready in
     *     time; the message carries the end of the JobManager's log
     */
    public LocalFlinkCluster start() {
      if (libDir == null) {
        libDir = FlinkDistribution.libDir();
      } else {
        libDir = FlinkDistribution.checked(libDir, "LocalFlinkCluster.Builder.libDir");
      }
      boolean ownsDataDir = dataDir == null;
      Path dir;
      try {
        dir =
            ownsDataDir
                ? Files.createTempDirectory("streamml-flink-")
                : Files.createDirectories(dataDir.toAbsolutePath().normalize());
        Files.createDirectories(dir.resolve(CONF_DIR));
        Files.createDirectories(dir.resolve(LOG_DIR));
        Files.createDirectories(dir.resolve("tmp"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the Flink data directory", e);
      }
      int[] ports = LocalKafkaBroker.freePorts(2);
      int restPort = ports[0];
      writeConfig(dir, restPort, ports[1]);

      Process jm = launch(dir, JOBMANAGER_MAIN, JOBMANAGER_LOG, List.of("-Xmx768m"));
      List<Process> started = new ArrayList<>();
      started.add(jm);
      Thread hook = null;
      if (!detached) {
        hook =
            new Thread(
                () -> {
                  for (Process p : started) {
                    p.destroy();
                  }
                  for (Process p : started) {
                    LocalKafkaBroker.stop(p);
                  }
                },
                "streamml-flink-stop-" + jm.pid());
        Runtime.getRuntime().addShutdownHook(hook);
      }
      LocalFlinkCluster cluster = new LocalFlinkCluster(dir, ownsDataDir, this, restPort, jm, hook);
      try {
        FlinkRest rest = cluster.rest();
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (!rest.isUp()) {
          String died = cluster.anyDied();
          if (died != null) {
            throw new IllegalStateException("Flink cluster did not start: " + died);
          }
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                "Flink JobManager REST at " + cluster.restAddress() + " not up within "
                    + startTimeout.toSeconds() + " s; log " + cluster.jobManagerLog()
                    + ", last lines:\n" + LocalKafkaBroker.tail(cluster.jobManagerLog(), 30));
          }
          FlinkRest.sleep(250);
        }
        for (int i = 0; i < taskManagers; i++) {
          Process tm = launchTaskManager(dir, i);
          started.add(tm);
          cluster.taskManagers.add(tm);
        }
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        awaitTaskManagers(rest, taskManagers, left, cluster::anyDied);
        // Later TaskManagers (addTaskManager) are stopped by close(); the hook covers these.
        return cluster;
      } catch (RuntimeException | Error e) {
        cluster.close();
        throw e;
      }
    }

    Process launchTaskManager(Path dir, int index) {
      // Heap = framework heap + task heap; direct = framework off-heap + task off-heap + network.
      return launch(
          dir,
          TASKMANAGER_MAIN,
          "taskmanager-" + index + ".log",
          List.of("-Xms512m", "-Xmx512m", "-XX:MaxDirectMemorySize=192m",
              "-XX:MaxMetaspaceSize=256m"));
    }

    private void writeConfig(Path dir, int restPort, int rpcPort) {
      Map<String, String> c = new LinkedHashMap<>();
      c.put("jobmanager.rpc.address", "127.0.0.1");
      c.put("jobmanager.rpc.port", Integer.toString(rpcPort));
      c.put("jobmanager.bind-host", "127.0.0.1");
      c.put("rest.address", "127.0.0.1");
      c.put("rest.bind-address", "127.0.0.1");
      c.put("rest.port", Integer.toString(restPort));
      c.put("taskmanager.host", "127.0.0.1");
      c.put("taskmanager.bind-host", "127.0.0.1");
      c.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
      // Started without Flink's scripts, a TaskManager needs every memory component spelled out.
      c.put("taskmanager.cpu.cores", Integer.toString(slots));
      c.put("taskmanager.memory.framework.heap.size", "128m");
      c.put("taskmanager.memory.task.heap.size", "384m");
      c.put("taskmanager.memory.framework.off-heap.size", "128m");
      c.put("taskmanager.memory.task.off-heap.size", "0m");
      c.put("taskmanager.memory.network.min", "64m");
      c.put("taskmanager.memory.network.max", "64m");
      c.put("taskmanager.memory.managed.size", "128m");
      c.put("taskmanager.memory.jvm-metaspace.size", "256m");
      c.put("taskmanager.memory.jvm-overhead.min", "192m");
      c.put("taskmanager.memory.jvm-overhead.max", "192m");
      // The user-code classloader of a restarted task otherwise trips Flink's leak check.
      c.put("classloader.check-leaked-classloader", "false");
      // A job of parallelism N lands on N TaskManagers, so losing one really loses work.
      c.put("cluster.evenly-spread-out-slots", "true");
      c.put("heartbeat.interval", Long.toString(Math.min(2_000, heartbeatTimeout.toMillis() / 4)));
      c.put("heartbeat.timeout", Long.toString(heartbeatTimeout.toMillis()));
      c.put("state.checkpoints.dir", dir.resolve("checkpoints").toUri().toString());
      c.put("state.savepoints.dir", dir.resolve("savepoints").toUri().toString());
      c.put("io.tmp.dirs", dir.resolve("tmp").toString());
      c.put("web.tmpdir", dir.resolve("tmp").toString());
      c.put("web.upload.dir", dir.resolve("tmp").toString());
      c.putAll(extraConfig);
      StringBuilder yaml = new StringBuilder("# Written by dev.streamml.launchers.LocalFlinkCluster\n");
      c.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
      String log4j =
          String.join(
              "\n",
              "# Written by dev.streamml.launchers.LocalFlinkCluster: one file per JVM (log.file).",
              "monitorInterval = 0",
              "rootLogger.level = INFO",
              "rootLogger.appenderRef.main.ref = MainAppender",
              "appender.main.name = MainAppender",
              "appender.main.type = File",
              // Appending: Flink reloads log4j in its RPC classloader, which would truncate it.
              "appender.main.append = true",
              "appender.main.fileName = ${sys:log.file}",
              "appender.main.layout.type = PatternLayout",
              "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %c{1} [%t] - %m%n",
              "logger.kafka.name = org.apache.kafka",
              "logger.kafka.level = WARN",
              "logger.netty.name = org.apache.flink.shaded.netty4",
              "logger.netty.level = WARN",
              "");
      try {
        Files.writeString(dir.resolve(CONF_DIR).resolve(CONF_FILE), yaml, StandardCharsets.UTF_8);
        Files.writeString(
            dir.resolve(CONF_DIR).resolve("log4j.properties"), log4j, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the Flink configuration in " + dir, e);
      }
    }

    private Process launch(Path dir, String mainClass, String logName, List<String> memory) {
      Path conf = dir.resolve(CONF_DIR);
      Path log = dir.resolve(LOG_DIR).resolve(logName);
      Path out = dir.resolve(LOG_DIR).resolve(logName.replace(".log", ".out"));
      String classpath = KafkaDistribution.classpath(libDir);
      List<String> cmd = new ArrayList<>();
      if (detached) {
        LocalKafkaBroker.findSetsid().ifPresent(setsid -> cmd.add(setsid.toString()));
      } else {
        classpath += File.pathSeparator + LocalKafkaBroker.installWatchdog(dir);
      }
      cmd.add(KafkaDistribution.javaExecutable().toString());
      cmd.addAll(memory);
      // Two shared cores: the serial collector leaves the CPU to the tasks.
      cmd.add("-XX:+UseSerialGC");
      cmd.add("-XX:+ExitOnOutOfMemoryError");
      cmd.addAll(JAVA17_OPENS);
      cmd.add("-D" + DATA_DIR_MARKER + "=" + dir);
      cmd.add("-Dlog.file=" + log);
      cmd.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
      cmd.add("-cp");
      cmd.add(classpath);
      if (!detached) {
        cmd.add(ParentWatchdog.class.getName());
      }
      cmd.add(mainClass);
      cmd.add("--configDir");
      cmd.add(conf.toString());
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
      if (detached) {
        pb.redirectInput(ProcessBuilder.Redirect.from(LocalKafkaBroker.nullFile()));
      }
      try {
        return pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + mainClass + ": " + cmd, e);
      }
    }
  }

  /** Waits until the JobManager counts {@code expected} TaskManagers. */
  static void awaitTaskManagers(
      FlinkRest rest, int expected, Duration timeout, java.util.function.Supplier<String> died) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = -1;
    while (true) {
      try {
        seen = rest.taskManagers();
        if (seen >= expected) {
          return;
        }
      } catch (RuntimeException e) {
        // REST busy or restarting: retry until the deadline.
      }
      String reason = died.get();
      if (reason != null) {
        throw new IllegalStateException(reason);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            expected + " TaskManagers not registered within " + timeout.toSeconds() + " s (seen "
                + seen + ")");
      }
      FlinkRest.sleep(250);
    }
  }
}
