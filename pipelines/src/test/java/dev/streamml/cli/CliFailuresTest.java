package dev.streamml.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Clear failures through {@link StreammlCli#execute}: each mistake is one line on stderr naming the
 * problem and the option, exit code 2, and a stack trace only with {@code --verbose}. Nothing here
 * needs a broker; the unknown topic and the wrong password are in {@code CliKafkaFailuresIT}.
 */
@RunWith(JUnit4.class)
public class CliFailuresTest {
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

  /** Runs the command and checks exit code 2 and a single stderr line; returns that line. */
  private String failsWithOneLine(String... args) {
    int code = StreammlCli.execute(args);
    String stderr = err.toString(StandardCharsets.UTF_8).strip();
    assertEquals("exit code of " + String.join(" ", args) + "; stderr: " + stderr, 2, code);
    assertEquals("one line on stderr: " + stderr, 1, stderr.lines().count());
    assertThat(stderr, startsWith("streamml: "));
    assertThat(stderr, not(containsString("Exception")));
    assertThat(stderr, not(containsString("\tat ")));
    return stderr;
  }

  @Test
  public void unknownRunner() {
    assertEquals(
        "streamml: invalid --runner: unknown runner 'spark'; accepted: direct, flink (embedded),"
            + " flink-cluster, dataflow, DirectRunner, FlinkRunner",
        failsWithOneLine("run", "features", "--runner=spark"));
  }

  @Test
  public void badWindowSpec() {
    String line = failsWithOneLine("run", "features", "--window=fixd:1m");
    assertThat(line, startsWith("streamml: invalid --window: invalid window spec 'fixd:1m'"));
  }

  @Test
  public void badWindowSpecIsReportedBeforeTheBrokerIsContacted() {
    // No broker on this port: the window mistake must be found first, and at once.
    long start = System.nanoTime();
    String line =
        failsWithOneLine(
            "run", "features", "--bootstrapServers=127.0.0.1:" + freePort(), "--window=sliding:1m");
    assertThat(line, startsWith("streamml: invalid --window:"));
    assertThat((System.nanoTime() - start) / 1_000_000_000.0, lessThan(5.0));
  }

  @Test
  public void missingRequiredPicocliOption() {
    assertEquals(
        "streamml: Missing required option: '--data=<data>' (see: streamml replay --help)",
        failsWithOneLine("replay", "--topic", "events"));
  }

  @Test
  public void missingPipelineParameter() {
    assertEquals(
        "streamml: invalid PIPELINE: missing; give features, anomaly, online-learning or sessions,"
            + " or --config FILE",
        failsWithOneLine("run"));
  }

  @Test
  public void unknownOptionSuggestsTheNearestOnTheSameLine() {
    String line = failsWithOneLine("demo", "--windw=fixed:1m");
    assertThat(line, containsString("Unknown option: '--windw=fixed:1m'"));
    assertThat(line, containsString("did you mean --window"));
  }

  @Test
  public void missingSaslPassword() {
    assertEquals(
        "streamml: invalid --saslPassword: --securityProtocol=SASL_PLAINTEXT needs a password for"
            + " user 'alice'",
        failsWithOneLine(
            "run", "features", "--securityProtocol=SASL_PLAINTEXT", "--saslUsername=alice"));
  }

  @Test
  public void missingSaslUser() {
    assertEquals(
        "streamml: invalid --saslUsername: --securityProtocol=SASL_SSL needs --saslUsername and"
            + " --saslPassword, or --saslJaasConfig",
        failsWithOneLine("run", "features", "--securityProtocol=SASL_SSL"));
  }

  @Test
  public void unknownSecurityProtocol() {
    assertEquals(
        "streamml: invalid --securityProtocol: unknown security protocol 'TLS'; accepted:"
            + " PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL",
        failsWithOneLine("run", "features", "--securityProtocol=TLS"));
  }

  @Test
  public void emptyInputTopic() {
    assertEquals(
        "streamml: invalid --inputTopic: a topic must be named, e.g. --inputTopic=events",
        failsWithOneLine("run", "features", "--inputTopic="));
  }

  @Test
  public void unreachableBrokerFailsFastNamingTheOption() {
    int port = freePort();
    long start = System.nanoTime();
    String line =
        failsWithOneLine(
            "run",
            "features",
            "--bootstrapServers=127.0.0.1:" + port,
            "--kafkaCheckTimeout=2s",
            "--securityProtocol=SASL_PLAINTEXT",
            "--saslUsername=alice",
            "--saslPassword=hunter2-very-secret");
    assertEquals(
        "streamml: invalid --bootstrapServers: no Kafka broker answered at 127.0.0.1:"
            + port
            + " within 2s (is it running, and is --securityProtocol right?)",
        line);
    assertThat((System.nanoTime() - start) / 1_000_000_000.0, lessThan(15.0));
    assertThat(out.toString(StandardCharsets.UTF_8), not(containsString("hunter2")));
  }

  @Test
  public void unresolvableBrokerHost() {
    String line =
        failsWithOneLine(
            "run", "features", "--bootstrapServers=no-such-host.invalid:9092",
            "--kafkaCheckTimeout=2s");
    assertThat(
        line,
        equalTo(
            "streamml: invalid --bootstrapServers: cannot resolve the host name"
                + " 'no-such-host.invalid'"));
  }

  @Test
  public void replayToAnUnreachableBrokerNamesItsOwnOption() {
    int port = freePort();
    assertEquals(
        "streamml: invalid --bootstrap-servers: no Kafka broker answered at 127.0.0.1:" + port
            + " within 10s (is it running?)",
        failsWithOneLine(
            "replay", "--data", "../data/nab/data/realKnownCause",
            "--bootstrap-servers", "127.0.0.1:" + port));
  }

  @Test
  public void brokerAddressWithoutPort() {
    assertEquals(
        "streamml: invalid --bootstrapServers: 'localhost' is not host:port, e.g. 127.0.0.1:9092",
        failsWithOneLine("run", "features", "--bootstrapServers=localhost"));
  }

  @Test
  public void verbosePrintsTheStackTrace() {
    int code = StreammlCli.execute("run", "features", "--window=fixd:1m", "--verbose");
    assertEquals(2, code);
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(stderr, startsWith("streamml: invalid --window:"));
    assertThat(stderr, containsString("\tat "));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
