package dev.streamml.launchers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * Starts a real broker and talks Kafka's protocol to it. This module has no Kafka client on its
 * classpath (on purpose), so the protocol check runs Kafka's own TopicCommand from the broker's
 * lib folder as a child process.
 */
public class LocalKafkaBrokerIT {

  @Test(timeout = 180_000)
  public void startsAnswersKafkaRequestsAndStopsCleanly() throws Exception {
    long t0 = System.nanoTime();
    LocalKafkaBroker broker = LocalKafkaBroker.builder().start();
    long startMs = (System.nanoTime() - t0) / 1_000_000;
    long pid = broker.pid();
    int port = broker.port();
    Path dataDir = broker.dataDir();
    long stopMs;
    try {
      assertEquals("127.0.0.1:" + port, broker.bootstrapServers());
      assertTrue(broker.isAlive());
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        assertTrue(socket.isConnected());
      }
      String log = Files.readString(broker.logFile(), StandardCharsets.ISO_8859_1);
      assertTrue("broker log must show Kafka's own logging", log.contains(LocalKafkaBroker.READY_MARKER));

      Result create =
          topics(broker, "--create", "--topic", "t1", "--partitions", "2", "--replication-factor", "1");
      assertEquals(create.output, 0, create.exitCode);
      Result list = topics(broker, "--list");
      assertEquals(list.output, 0, list.exitCode);
      assertTrue("t1 not listed:\n" + list.output, list.output.lines().anyMatch("t1"::equals));
      Result describe = topics(broker, "--describe", "--topic", "t1");
      assertTrue(describe.output, describe.output.contains("PartitionCount: 2"));
      // Replays write historical record timestamps: time retention must not delete them.
      Result brokerConfig =
          kafkaTool(broker, "kafka.admin.ConfigCommand",
              "--entity-type", "brokers", "--entity-name", "1", "--describe", "--all");
      assertTrue(brokerConfig.output, brokerConfig.output.contains("log.retention.ms=-1"));
    } finally {
      long t1 = System.nanoTime();
      broker.close();
      stopMs = (System.nanoTime() - t1) / 1_000_000;
    }
    System.out.printf("LocalKafkaBrokerIT: broker ready in %d ms, stopped in %d ms%n", startMs, stopMs);

    assertFalse("broker process still alive", ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    assertFalse("port still accepts connections", LocalKafkaBroker.accepts(port));
    assertFalse("temporary data dir not deleted", Files.exists(dataDir));
    broker.close(); // idempotent
  }

  @Test(timeout = 180_000)
  public void givenDataDirIsKeptAndExtraConfigApplies() throws Exception {
    Path dir = Files.createTempDirectory("streamml-kafka-it-");
    try {
      long pid;
      try (LocalKafkaBroker broker =
          LocalKafkaBroker.builder()
              .dataDir(dir)
              .heap("512m")
              // Placeholder substitution is what SASL setups will rely on.
              .extraConfig("advertised.listeners", "PLAINTEXT://127.0.0.1:${port}")
              .extraConfig("num.partitions", "3")
              .start()) {
        pid = broker.pid();
        String props = Files.readString(dir.resolve(LocalKafkaBroker.SERVER_PROPERTIES));
        assertTrue(props, props.contains("advertised.listeners=PLAINTEXT://127.0.0.1:" + broker.port() + "\n"));
        assertTrue(props, props.contains("num.partitions=3\n"));
        String cmd = ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
        assertTrue(cmd, cmd.contains("-Xmx512m"));
        assertTrue(cmd, cmd.contains("kafka.Kafka"));
      }
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      assertTrue("a given data dir is kept", Files.exists(dir.resolve(LocalKafkaBroker.LOG_FILE)));

      // A second start in the same dir reformats (fresh ports, fresh storage) instead of failing.
      try (LocalKafkaBroker again = LocalKafkaBroker.builder().dataDir(dir).start()) {
        assertTrue(LocalKafkaBroker.accepts(again.port()));
      }
    } finally {
      LocalKafkaBroker.deleteRecursively(dir);
    }
  }

  /** Runs Kafka's TopicCommand against the broker in a child JVM (broker classpath). */
  static Result topics(LocalKafkaBroker broker, String... args) throws Exception {
    return kafkaTool(broker, "org.apache.kafka.tools.TopicCommand", args);
  }

  /** Runs one of Kafka's command-line tools against the broker in a child JVM. */
  static Result kafkaTool(LocalKafkaBroker broker, String mainClass, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        KafkaDistribution.javaExecutable().toString(),
        "-cp", KafkaDistribution.classpath(KafkaDistribution.libDir()),
        mainClass,
        "--bootstrap-server", broker.bootstrapServers()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output;
    try (InputStream in = p.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(mainClass + " hung: " + output);
    }
    return new Result(p.exitValue(), output);
  }

  static final class Result {
    final int exitCode;
    final String output;

    Result(int exitCode, String output) {
      this.exitCode = exitCode;
      this.output = output;
    }
  }
}
