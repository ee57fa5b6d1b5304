package dev.streamml.launchers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one process) running in
 * its own JVM on 127.0.0.1, for integration tests, benchmarks and the local CLI.
 *
 * <p>Why a separate process rather than an embedded broker: the broker is Kafka 4.x while the
 * pipelines must use kafka-clients 3.9.1, and a child process is also what a real deployment looks
 * like (it can be killed, it has its own heap and its own log).
 *
 * <p>Every start uses fresh free ports and a freshly formatted log directory, so two test suites
 * or two developers on one machine never collide, and no state leaks from one run to the next.
 * Files in the data directory: {@code server.properties}, {@code broker.log} (the broker's stdout
 * and stderr), {@code format.log} and the Kafka log directory {@code kafka-logs/}.
 *
 * <p>The broker does not outlive this JVM: {@link #close()} stops it, a shutdown hook stops it on a
 * normal exit or a signal, and a stdin watchdog in the broker JVM ({@link ParentWatchdog}) stops it
 * even when this JVM is killed with {@code kill -9}.
 *
 * <pre>{@code
 * try (LocalKafkaBroker kafka = LocalKafkaBroker.builder().start()) {
 *   Properties props = new Properties();
 *   props.put("bootstrap.servers", kafka.bootstrapServers());   // "127.0.0.1:40123"
 *   // ... create topics, run a pipeline against it ...
 * } // stopped, and its temporary data directory deleted
 *
 * // Later, a SASL listener; ${port}, ${controller.port} and ${data.dir} are filled in at start:
 * LocalKafkaBroker.builder()
 *     .extraConfig("listeners", "SASL_PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller.port}")
 *     .extraConfig("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:${port}")
 *     // ... listener.security.protocol.map, sasl.enabled.mechanisms, JAAS config ...
 *     .start();
 * }</pre>
 */
public final class LocalKafkaBroker implements AutoCloseable {

  /** Printed by Kafka 4.3.1 as {@code [KafkaRaftServer nodeId=1] Kafka Server started}. */
  static final String READY_MARKER = "Kafka Server started";

  static final String SERVER_PROPERTIES = "server.properties";
  static final String LOG_FILE = "broker.log";
  static final String FORMAT_LOG_FILE = "format.log";
  static final String KAFKA_LOG_DIR = "kafka-logs";
  static final String WATCHDOG_DIR = "watchdog";

  /** JVM property on the broker's command line, so {@code ps} shows which data dir it serves. */
  static final String DATA_DIR_MARKER = "streamml.kafka.dataDir";

  /** Default time allowed from launching the broker JVM to "ready". */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

  /** Free ports are free only until someone else binds them: retry with new ones on a clash. */
  private static final int MAX_ATTEMPTS = 3;

  private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");
  private static final SecureRandom RANDOM = new SecureRandom();

  private volatile Process process; // replaced by restart()
  private java.util.function.Supplier<Process> relauncher; // same command, same data, same port
  private Duration startTimeout = DEFAULT_START_TIMEOUT;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final int port;
  private final Path logFile;
  private final Thread shutdownHook; // null when detached: the broker is meant to outlive us
  private boolean closed;

  private LocalKafkaBroker(
      Process process, Path dataDir, boolean ownsDataDir, int port, Thread shutdownHook) {
    this.process = process;
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.port = port;
    this.logFile = dataDir.resolve(LOG_FILE);
    this.shutdownHook = shutdownHook;
  }

  /** Starts configuring a broker; nothing runs until {@link Builder#start()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The value for a client's {@code bootstrap.servers}: {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The broker's client port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The process id of the broker JVM. */
  public long pid() {
    return process.pid();
  }

  /** The broker's stdout and stderr. Deleted by {@link #close()} with a temporary data dir. */
  public Path logFile() {
    return logFile;
  }

  /** The folder holding the broker's configuration, log file and Kafka data. */
  public Path dataDir() {
    return dataDir;
  }

  /** Whether the broker JVM is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Stops the broker (SIGTERM, so Kafka shuts down cleanly; SIGKILL after 15 s) and deletes the
   * data directory if this class created it. Calling it again does nothing.
   *
   * @throws UncheckedIOException if the temporary data directory cannot be deleted
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop(process);
    if (shutdownHook != null) {
      removeShutdownHook(shutdownHook);
    }
    if (ownsDataDir) {
      deleteRecursively(dataDir);
    }
  }

  /**
   * Stops the broker (SIGTERM, Kafka's clean shutdown) without deleting anything, so that {@link
   * #startAgain()} brings it back with its topics, records, committed offsets and transactions: a
   * broker outage as clients see it, for fault tests.
   */
  public synchronized void stopForRestart() {
    if (closed) {
      throw new IllegalStateException("broker is closed");
    }
    stop(process);
  }

  /**
   * Starts the broker again after {@link #stopForRestart()}: same port, same data (no format), and
   * waits until it is ready. The new JVM has the same parent watchdog as the first.
   *
   * @throws IllegalStateException if it is still running, closed, or not ready in time
   */
  public synchronized void startAgain() {
    if (closed || process.isAlive()) {
      throw new IllegalStateException("broker is " + (closed ? "closed" : "still running"));
    }
    long logOffset = fileSize(logFile);
    process = relauncher.get();
    try {
      awaitReady(process, port, logFile, logOffset, startTimeout);
    } catch (RuntimeException e) {
      stop(process);
      throw e;
    }
  }

  @Override
  public String toString() {
    return "LocalKafkaBroker{bootstrapServers=" + bootstrapServers() + ", pid=" + pid()
        + ", dataDir=" + dataDir + "}";
  }

  /**
   * A new KRaft cluster id in the format of Kafka's {@code Uuid.toString()}: 16 random bytes,
   * URL-safe base64 without padding (22 characters).
   *
   * <p>Generated here rather than by {@code kafka-storage random-uuid} to save one JVM start
   * (about a second). Like Kafka's {@code Uuid.randomUuid()} it never starts with '-' (command-line
   * parsers would take it for an option) and is never one of Kafka's reserved ids (all zeros, and
   * the metadata topic id 0...01).
   */
  static String newClusterId() {
    byte[] bytes = new byte[16];
    while (true) {
      RANDOM.nextBytes(bytes);
      String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      if (!id.startsWith("-") && !isReservedUuid(bytes)) {
        return id;
      }
    }
  }

  private static boolean isReservedUuid(byte[] bytes) {
    for (int i = 0; i < 15; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[15] == 0 || bytes[15] == 1;
  }

  /**
   * Configures and starts a {@link LocalKafkaBroker}.
   *
   * <pre>{@code
   * LocalKafkaBroker kafka = LocalKafkaBroker.builder()
   *     .dataDir(Path.of("target/kafka"))   // default: a new temp dir, deleted on close()
   *     .heap("512m")                        // default: 1g
   *     .extraConfig("num.partitions", "4")
   *     .start();
   * }</pre>
   */
  public static final class Builder {
    private Path dataDir;
    private Path libDir;
    private String heap = "1g";
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private final Map<String, String> extraConfig = new LinkedHashMap<>();
    private final List<String> scramCredentials = new ArrayList<>();
    private final Map<String, String> tlsConfig = new LinkedHashMap<>();
    private String plainJaas;
    private boolean detached;

    private Builder() {}

    /**
     * Uses this folder (created if missing) instead of a temporary one. It is kept on {@link
     * #close()}, but its {@code kafka-logs/} subfolder is wiped at every start.
     */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    /** The folder of broker jars; default {@link KafkaDistribution#libDir()}. */
    public Builder libDir(Path libDir) {
      this.libDir = Objects.requireNonNull(libDir, "libDir");
      return this;
    }

    /** Maximum heap of the broker JVM in {@code -Xmx} syntax, e.g. {@code 512m}; default 1g. */
    public Builder heap(String heap) {
      if (heap == null || !HEAP.matcher(heap).matches()) {
        throw new IllegalArgumentException(
            "heap must look like 512m or 1g (the -Xmx value), got: " + heap);
      }
      this.heap = heap;
      return this;
    }

    /**
     * Adds or overrides one line of {@code server.properties}. In the value, {@code ${port}},
     * {@code ${controller.port}} and {@code ${data.dir}} are replaced by the ports picked at start
     * and the data directory, so listeners can be redefined (e.g. for SASL).
     */
    public Builder extraConfig(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (key.isBlank() || key.chars().anyMatch(c -> c == '\n' || c == '\r')) {
        throw new IllegalArgumentException("invalid config key: '" + key + "'");
      }
      extraConfig.put(key.strip(), value);
      return this;
    }

    /**
     * Clients must log in with SASL as one of {@code users} (user name to password), with the
     * mechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512: the client listener becomes {@code
     * SASL_PLAINTEXT} (the controller listener stays internal and plain). PLAIN users live in the
     * listener's JAAS line; SCRAM credentials are written into the metadata when the storage is
     * formatted ({@code --add-scram}), since a KRaft broker has no other store for them before it
     * runs. Clients set {@code security.protocol=SASL_PLAINTEXT}, {@code sasl.mechanism} and the
     * matching JAAS line; a wrong password is refused with {@code SaslAuthenticationException}.
     *
     * <pre>{@code
     * LocalKafkaBroker kafka = LocalKafkaBroker.builder().sasl(Map.of("alice", "alice-secret")).start();
     * }</pre>
     */
    public Builder sasl(Map<String, String> users) {
      if (users == null || users.isEmpty()) {
        throw new IllegalArgumentException("sasl needs at least one user");
      }
      StringBuilder jaas =
          new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
      // The broker's own login on its inter-broker listener; nobody outside needs it.
      String brokerPassword = newClusterId();
      jaas.append(" username=\"broker\" password=\"").append(brokerPassword).append('"');
      jaas.append(" user_broker=\"").append(brokerPassword).append('"');
      for (Map.Entry<String, String> user : users.entrySet()) {
        if (!user.getKey().matches("[A-Za-z0-9._-]+") || user.getKey().equals("broker")) {
          throw new IllegalArgumentException(
              "SASL user names must be letters, digits, . _ - and not 'broker', got: "
                  + user.getKey());
        }
        // The format tool's --add-scram syntax has no quoting: keep passwords to a safe set.
        if (user.getValue() == null || !user.getValue().matches("[A-Za-z0-9._-]+")) {
          throw new IllegalArgumentException(
              "SASL password of " + user.getKey() + " must be letters, digits, . _ - only");
        }
        for (String mechanism : List.of("SCRAM-SHA-256", "SCRAM-SHA-512")) {
          scramCredentials.add(
              mechanism + "=[name=" + user.getKey() + ",password=" + user.getValue() + "]");
        }
        jaas.append(" user_").append(user.getKey()).append("=\"").append(user.getValue())
            .append('"');
      }
      jaas.append(';');
      this.plainJaas = jaas.toString();
      return this;
    }

    /**
     * The client listener speaks TLS with the certificate in {@code keystore} (PKCS12); the broker's
     * own inter-broker client trusts {@code truststore}. With {@link #sasl} the listener is {@code
     * SASL_SSL}, without it {@code SSL}. The certificate must name 127.0.0.1 (a subject alternative
     * name {@code IP:127.0.0.1}) for clients that verify host names.
     */
    public Builder tls(
        Path keystore, String keystorePassword, Path truststore, String truststorePassword) {
      this.tlsConfig.put("ssl.keystore.location", keystore.toAbsolutePath().toString());
      this.tlsConfig.put("ssl.keystore.password", keystorePassword);
      this.tlsConfig.put("ssl.keystore.type", "PKCS12");
      this.tlsConfig.put("ssl.truststore.location", truststore.toAbsolutePath().toString());
      this.tlsConfig.put("ssl.truststore.password", truststorePassword);
      this.tlsConfig.put("ssl.truststore.type", "PKCS12");
      return this;
    }

    /** Listener settings for {@link #sasl} and {@link #tls}; empty for a plain broker. */
    private Map<String, String> securityConfig(String listener, String controller) {
      Map<String, String> config = new LinkedHashMap<>();
      if (plainJaas == null && tlsConfig.isEmpty()) {
        return config;
      }
      String protocol =
          plainJaas == null ? "SSL" : tlsConfig.isEmpty() ? "SASL_PLAINTEXT" : "SASL_SSL";
      String name = protocol.toLowerCase(java.util.Locale.ROOT);
      config.put("listeners", protocol + "://" + listener + ",CONTROLLER://" + controller);
      config.put("advertised.listeners", protocol + "://" + listener);
      config.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT," + protocol + ":" + protocol);
      config.put("inter.broker.listener.name", protocol);
      if (plainJaas != null) {
        config.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512");
        config.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        config.put("listener.name." + name + ".plain.sasl.jaas.config", plainJaas);
        for (String mechanism : List.of("scram-sha-256", "scram-sha-512")) {
          config.put(
              "listener.name." + name + "." + mechanism + ".sasl.jaas.config",
              "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
      }
      config.putAll(tlsConfig);
      return config;
    }

    /** Time allowed from launching the broker JVM until it is ready; default 60 s. */
    public Builder startTimeout(Duration startTimeout) {
      if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive, got: " + startTimeout);
      }
      this.startTimeout = startTimeout;
      return this;
    }

    /**
     * Detached: no shutdown hook and no parent watchdog, stdin from /dev/null and, where {@code
     * setsid} exists, a new session, so the broker keeps running after this JVM and its terminal
     * are gone. Only {@link BrokerControl} uses it; it then stops the broker by pid.
     */
    Builder detached(boolean detached) {
      this.detached = detached;
      return this;
    }

    /**
     * Formats a fresh log directory, launches the broker JVM and waits until it is ready: the
     * broker logged "Kafka Server started" and its port accepts connections.
     *
     * @throws IllegalStateException if the broker jars are missing, formatting fails, or the broker
     *     exits or is not ready in time; the message carries the end of the relevant log
     * @throws UncheckedIOException if the data directory cannot be prepared
     */
    public LocalKafkaBroker start() {
      Path lib =
          libDir != null
              ? KafkaDistribution.checked(libDir, "LocalKafkaBroker.Builder.libDir")
              : KafkaDistribution.libDir();
      boolean ownsDataDir = dataDir == null;
      Path dir;
      try {
        dir =
            ownsDataDir
                ? Files.createTempDirectory("streamml-kafka-")
                : Files.createDirectories(dataDir.toAbsolutePath().normalize());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the Kafka data directory", e);
      }
      // On failure the data dir, even a temporary one, is kept: the exception points at its logs.
      for (int attempt = 1; ; attempt++) {
        try {
          return startOnce(lib, dir, ownsDataDir);
        } catch (PortClashException e) {
          if (attempt >= MAX_ATTEMPTS) {
            throw new IllegalStateException(
                "Kafka broker could not bind its ports in " + MAX_ATTEMPTS + " attempts: "
                    + e.getMessage(), e);
          }
        }
      }
    }

    private LocalKafkaBroker startOnce(Path lib, Path dir, boolean ownsDataDir) {
      int[] ports = freePorts(2);
      int port = ports[0];
      int controllerPort = ports[1];
      Path logDir = dir.resolve(KAFKA_LOG_DIR);
      Path props = dir.resolve(SERVER_PROPERTIES);
      Path logFile = dir.resolve(LOG_FILE);

      wipeKafkaLogDir(logDir);
      writeProperties(props, serverConfig(dir, logDir, port, controllerPort));
      format(lib, dir, props);

      long logOffset = fileSize(logFile);
      Process process = launch(lib, dir, props, logFile);
      Thread hook = null;
      if (!detached) {
        // Mirrors close() for a JVM that exits without calling it: stop, then tidy up a temp dir.
        hook =
            new Thread(
                () -> {
                  stop(process);
                  if (ownsDataDir) {
                    try {
                      deleteRecursively(dir);
                    } catch (UncheckedIOException ignored) {
                      // Best effort while the JVM goes down; a leftover temp dir is harmless.
                    }
                  }
                },
                "streamml-kafka-broker-stop-" + process.pid());
        Runtime.getRuntime().addShutdownHook(hook);
      }
      try {
        awaitReady(process, port, logFile, logOffset, startTimeout);
        LocalKafkaBroker broker = new LocalKafkaBroker(process, dir, ownsDataDir, port, hook);
        broker.relauncher = () -> launch(lib, dir, props, logFile);
        broker.startTimeout = startTimeout;
        return broker;
      } catch (RuntimeException | Error e) {
        stop(process);
        if (hook != null) {
          removeShutdownHook(hook);
        }
        throw e;
      }
    }

    private Map<String, String> serverConfig(
        Path dir, Path logDir, int port, int controllerPort) {
      String listener = "127.0.0.1:" + port;
      String controller = "127.0.0.1:" + controllerPort;
      Map<String, String> config = new LinkedHashMap<>();
      config.put("process.roles", "broker,controller");
      config.put("node.id", "1");
      config.put("controller.quorum.bootstrap.servers", controller);
      config.put("listeners", "PLAINTEXT://" + listener + ",CONTROLLER://" + controller);
      config.put("advertised.listeners", "PLAINTEXT://" + listener);
      config.put("controller.listener.names", "CONTROLLER");
      config.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
      config.put("log.dirs", logDir.toString());
      // One node: every internal topic must accept a replication factor (and ISR) of 1.
      config.put("offsets.topic.replication.factor", "1");
      config.put("transaction.state.log.replication.factor", "1");
      config.put("transaction.state.log.min.isr", "1");
      config.put("share.coordinator.state.topic.replication.factor", "1");
      config.put("share.coordinator.state.topic.min.isr", "1");
      // Tests create their topics explicitly: a typo must fail, not create an empty topic.
      config.put("auto.create.topics.enable", "false");
      config.put("num.partitions", "1");
      // The default 3 s delay would stall every first consumer-group join in a test.
      config.put("group.initial.rebalance.delay.ms", "0");
      // Keep records whatever their timestamps: replays and tests write historical event times
      // (NAB's 2014, generated 2024) as record timestamps, and the default 7-day time retention
      // would delete them at the first retention check, 30 s to 5 min after start.
      config.put("log.retention.ms", "-1");
      config.putAll(securityConfig(listener, controller));
      for (Map.Entry<String, String> e : extraConfig.entrySet()) {
        config.put(
            e.getKey(),
            e.getValue()
                .replace("${port}", Integer.toString(port))
                .replace("${controller.port}", Integer.toString(controllerPort))
                .replace("${data.dir}", dir.toString()));
      }
      return config;
    }

    private void format(Path lib, Path dir, Path props) {
      Path formatLog = dir.resolve(FORMAT_LOG_FILE);
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  KafkaDistribution.javaExecutable().toString(),
                  "-Xmx256m",
                  // A short-lived tool: C1 only starts faster and is plenty.
                  "-XX:TieredStopAtLevel=1",
                  "-cp", KafkaDistribution.classpath(lib),
                  "kafka.tools.StorageTool", "format",
                  "-t", newClusterId(),
                  "-c", props.toString(),
                  // A single-voter controller quorum: this node elects itself.
                  "--standalone"));
      for (String credential : scramCredentials) {
        cmd.add("--add-scram");
        cmd.add(credential);
      }
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(formatLog.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(nullFile()));
      Process tool;
      try {
        tool = pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot run " + cmd.get(0), e);
      }
      try {
        if (!tool.waitFor(FORMAT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          tool.destroyForcibly();
          throw new IllegalStateException(
              "kafka.tools.StorageTool format did not finish within " + FORMAT_TIMEOUT.toSeconds()
                  + " s; output:\n" + tail(formatLog, 40));
        }
      } catch (InterruptedException e) {
        tool.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while formatting Kafka storage", e);
      }
      if (tool.exitValue() != 0) {
        throw new IllegalStateException(
            "kafka.tools.StorageTool format failed with exit code " + tool.exitValue()
                + " (command: " + String.join(" ", cmd).replaceAll("=\\[name=[^]]*]", "=[...]")
                + "); output:\n" + tail(formatLog, 40));
      }
    }

    private Process launch(Path lib, Path dir, Path props, Path logFile) {
      List<String> cmd = new ArrayList<>();
      String classpath = KafkaDistribution.classpath(lib);
      if (detached) {
        // A new session: no terminal hang-up or Ctrl-C aimed at the launcher's shell reaches it.
        // setsid execs in place (our child is no process-group leader), so the pid stays valid.
        findSetsid().ifPresent(setsid -> cmd.add(setsid.toString()));
      } else {
        classpath += File.pathSeparator + installWatchdog(dir);
      }
      cmd.add(KafkaDistribution.javaExecutable().toString());
      cmd.add("-Xmx" + heap);
      cmd.add("-XX:+ExitOnOutOfMemoryError");
      cmd.add("-D" + DATA_DIR_MARKER + "=" + dir);
      cmd.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
      cmd.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd HH:mm:ss.SSS");
      cmd.add("-cp");
      cmd.add(classpath);
      if (!detached) {
        cmd.add(ParentWatchdog.class.getName());
      }
      cmd.add("kafka.Kafka");
      cmd.add(props.toString());

      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              // A file, not a pipe: nobody has to drain it, and it outlives a detached launcher.
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      if (detached) {
        pb.redirectInput(ProcessBuilder.Redirect.from(nullFile()));
      }
      // Attached: stdin stays a pipe we never close; the kernel closes it when we die, and
      // ParentWatchdog then stops the broker.
      try {
        return pb.start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the Kafka broker: " + cmd, e);
      }
    }
  }

  /** Signals that the broker died because a port picked as free was taken meanwhile. */
  private static final class PortClashException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PortClashException(String message) {
      super(message);
    }
  }

  private static void awaitReady(
      Process process, int port, Path logFile, long logOffset, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long offset = logOffset;
    String carry = "";
    boolean logged = false;
    boolean portOpen = false;
    while (true) {
      if (!logged) {
        // Read only what was appended since the last poll: the startup log is ~150 KB.
        String fresh = readFrom(logFile, offset);
        offset += fresh.length(); // ISO-8859-1: one char per byte
        String window = carry + fresh;
        logged = window.contains(READY_MARKER);
        carry = window.substring(Math.max(0, window.length() - READY_MARKER.length()));
      }
      // "Kafka Server started" comes after the acceptors are up, but a connection is the proof.
      portOpen = logged && accepts(port);
      if (logged && portOpen) {
        return;
      }
      if (!process.isAlive()) {
        String attemptLog = readFrom(logFile, logOffset);
        String message =
            "Kafka broker exited with code " + process.exitValue() + " before it was ready; log "
                + logFile + ", last lines:\n" + tail(logFile, 40);
        if (attemptLog.contains("Address already in use")) {
          throw new PortClashException(message);
        }
        throw new IllegalStateException(message);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Kafka broker (pid " + process.pid() + ") not ready within " + timeout.toSeconds()
                + " s: '" + READY_MARKER + "' logged: " + logged + ", port 127.0.0.1:" + port
                + " accepting: " + portOpen + "; log " + logFile + ", last lines:\n"
                + tail(logFile, 40));
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
      }
    }
  }

  /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Ports the OS reports free now; all held open together so that they differ from each other. */
  static int[] freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket();
        sockets.add(socket);
        socket.bind(new InetSocketAddress("127.0.0.1", 0));
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find free ports", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Closing an unconnected server socket does not fail in practice.
        }
      }
    }
  }

  /** SIGTERM (Kafka's clean shutdown), then SIGKILL if it takes longer than 15 s. */
  static void stop(Process process) {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      try {
        process.getOutputStream().close(); // our end of the watchdog pipe
      } catch (IOException ignored) {
        // The process is gone; nothing to flush.
      }
    }
  }

  static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // close() called from another shutdown hook: ours runs anyway and finds nothing to stop.
    }
  }

  /**
   * Empties the Kafka log directory before a format, refusing if a broker still holds its lock or
   * if it does not look like a Kafka log directory (a mistyped --dir must not delete user files).
   */
  private static void wipeKafkaLogDir(Path logDir) {
    if (!Files.exists(logDir)) {
      return;
    }
    Path lock = logDir.resolve(".lock");
    if (Files.exists(lock)) {
      // Kafka holds an OS file lock on .lock while it runs; tryLock sees it from another process.
      try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
          FileLock held = channel.tryLock()) {
        if (held == null) {
          throw new IllegalStateException(
              "a Kafka broker is still running on " + logDir + "; stop it first");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot check the lock of " + logDir, e);
      }
    }
    boolean kafkaDir;
    try (Stream<Path> entries = Files.list(logDir)) {
      kafkaDir = Files.exists(logDir.resolve("meta.properties")) || entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + logDir, e);
    }
    if (!kafkaDir) {
      throw new IllegalStateException(
          "refusing to delete " + logDir + ": not empty and no meta.properties, so not a Kafka"
              + " log directory; choose another data directory");
    }
    deleteRecursively(logDir);
  }

  static Path installWatchdog(Path dir) {
    Path root = dir.resolve(WATCHDOG_DIR);
    String resource = ParentWatchdog.class.getName().replace('.', '/') + ".class";
    Path target = root.resolve(resource);
    try (InputStream in = ParentWatchdog.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("class file " + resource + " not found on the classpath");
      }
      Files.createDirectories(target.getParent());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot install the parent watchdog in " + root, e);
    }
    return root;
  }

  private static void writeProperties(Path file, Map<String, String> config) {
    StringBuilder text = new StringBuilder("# Written by dev.streamml.launchers.LocalKafkaBroker\n");
    config.forEach((k, v) -> text.append(escape(k, true)).append('=').append(escape(v, false))
        .append('\n'));
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Escapes for java.util.Properties#load, which is how Kafka reads the file. */
  private static String escape(String s, boolean key) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '=': case ':': case ' ': case '#': case '!':
          out.append(key ? "\\" + c : String.valueOf(c));
          break;
        default: out.append(c);
      }
    }
    return out.toString();
  }

  private static long fileSize(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static String readFrom(Path file, long offset) {
    if (!Files.exists(file)) {
      return "";
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      if (length <= offset) {
        return "";
      }
      byte[] bytes = new byte[(int) Math.min(length - offset, Integer.MAX_VALUE - 8)];
      raf.seek(offset);
      raf.readFully(bytes);
      return new String(bytes, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  /** The last {@code lines} lines of a log, for exception messages. */
  static String tail(Path file, int lines) {
    long size = fileSize(file);
    String text = readFrom(file, Math.max(0, size - 16_384));
    List<String> all = Arrays.asList(text.split("\r?\n"));
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  static File nullFile() {
    return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
  }

  static Optional<Path> findSetsid() {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
      Path candidate = Path.of(dir, "setsid");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
