package dev.streamml.pipelines.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamml.cli.StreammlCli;
import dev.streamml.pipelines.testing.KafkaTestBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.joda.time.Instant;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The features pipeline against a real broker that requires SASL over SASL_PLAINTEXT (PLAIN and
 * SCRAM-SHA-256/512), through the command line: with the right login, PLAIN or SCRAM-SHA-512, it
 * reads, writes features and dead letters
 * (every client logs in: source, sinks, dead-letter sink, start-up check); a wrong password, no
 * login, an unknown input topic or a missing output topic each fail at once with one line naming
 * the option, exit code 2; the password shows up in no output.
 */
@RunWith(JUnit4.class)
public class SecureKafkaIT {

  private static final String USER = "alice";
  private static final String PASSWORD = "alice-Pa55-w0rd";
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static KafkaTestBroker kafka;

  @Rule public final Timeout timeout = Timeout.seconds(240);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeClass
  public static void startKafka() {
    kafka = KafkaTestBroker.startWithSasl(Map.of(USER, PASSWORD, "bob", "bob-secret"), USER);
  }

  @AfterClass
  public static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

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

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8).strip();
  }

  private List<String> args(String prefix, String password, String... extra) {
    return loginArgs(prefix, "PLAIN", password, extra);
  }

  private List<String> loginArgs(
      String prefix, String mechanism, String password, String... extra) {
    List<String> args = new ArrayList<>();
    args.add("run");
    args.add("features");
    args.add("--bootstrapServers=" + kafka.bootstrapServers());
    args.add("--inputTopic=" + prefix + "events");
    args.add("--outputTopic=" + prefix + "features");
    args.add("--deadLetterTopic=" + prefix + "dead-letters");
    args.add("--lateTopic=" + prefix + "late");
    args.add("--readToEnd=true");
    args.add("--kafkaCheckTimeout=5s");
    if (password != null) {
      args.add("--securityProtocol=SASL_PLAINTEXT");
      args.add("--saslMechanism=" + mechanism);
      args.add("--saslUsername=" + USER);
      args.add("--saslPassword=" + password);
    }
    args.addAll(List.of(extra));
    return args;
  }

  private void createTopics(String prefix) {
    Map<String, Integer> topics = new LinkedHashMap<>();
    topics.put(prefix + "events", 1);
    topics.put(prefix + "features", 1);
    topics.put(prefix + "dead-letters", 1);
    topics.put(prefix + "late", 1);
    kafka.createTopics(topics);
  }

  @Test
  public void pipelineRunsWithTheRightPlainLogin() throws Exception {
    runWithLogin("secure-plain-", "PLAIN");
  }

  @Test
  public void pipelineRunsWithTheRightScramLogin() throws Exception {
    runWithLogin("secure-scram-", "SCRAM-SHA-512");
  }

  @Test
  public void wrongScramPasswordFailsInOneLine() {
    String prefix = "wrong-scram-";
    createTopics(prefix);
    int code =
        StreammlCli.execute(
            loginArgs(prefix, "SCRAM-SHA-256", "not-" + PASSWORD).toArray(new String[0]));
    assertEquals(2, code);
    assertThat(
        stderr(),
        startsWith(
            "streamml: invalid --saslPassword: Kafka at " + kafka.bootstrapServers()
                + " refused the SASL login: "));
    assertThat(stderr(), containsString("SCRAM-SHA-256"));
    assertEquals(1, stderr().lines().count());
    originalErr.println("SecureKafkaIT wrong SCRAM password: " + stderr());
    assertNoPassword();
  }

  private void runWithLogin(String prefix, String mechanism) throws Exception {
    createTopics(prefix);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    Map<String, long[]> expected = new TreeMap<>(); // key@minute -> count, sum
    for (int i = 0; i < 300; i++) {
      Instant at = T0.plus(i * 1000L);
      String key = "s" + (i % 3);
      long value = i % 17;
      String json =
          "{\"key\":\"" + key + "\",\"timestamp\":\"" + at + "\",\"value\":" + value + "}";
      records.add(
          new ProducerRecord<>(
              prefix + "events", 0, at.getMillis(), null, json.getBytes(StandardCharsets.UTF_8)));
      long[] window =
          expected.computeIfAbsent(
              key + "@" + new Instant(at.getMillis() / 60_000 * 60_000), k -> new long[2]);
      window[0]++;
      window[1] += value;
    }
    byte[] broken = "{\"key\":\"s0\",\"timestamp\":".getBytes(StandardCharsets.UTF_8);
    records.add(new ProducerRecord<>(prefix + "events", 0, T0.getMillis(), null, broken));
    kafka.send(records);

    int code = StreammlCli.execute(loginArgs(prefix, mechanism, PASSWORD).toArray(new String[0]));
    assertEquals("stderr: " + stderr(), 0, code);
    assertThat(out.toString(StandardCharsets.UTF_8), containsString("pipeline features ended: DONE"));

    Map<String, long[]> actual = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> window : kafka.readToEnd(prefix + "features")) {
      JsonNode json = JSON.readTree(window.value());
      actual.put(
          json.get("key").asText() + "@" + Instant.parse(json.get("window_start").asText()),
          new long[] {json.get("count").asLong(), json.get("sum").asLong()});
    }
    assertEquals(expected.keySet(), actual.keySet());
    for (Map.Entry<String, long[]> window : expected.entrySet()) {
      assertArrayEquals(window.getKey(), window.getValue(), actual.get(window.getKey()));
    }
    List<ConsumerRecord<byte[], byte[]>> letters = kafka.readToEnd(prefix + "dead-letters");
    assertEquals(1, letters.size());
    assertArrayEquals(broken, letters.get(0).value());
    assertNoPassword();
  }

  @Test
  public void wrongPasswordFailsInOneLine() {
    String prefix = "wrong-password-";
    createTopics(prefix);
    int code =
        StreammlCli.execute(args(prefix, "not-" + PASSWORD).toArray(new String[0]));
    assertEquals(2, code);
    assertEquals(
        "streamml: invalid --saslPassword: Kafka at " + kafka.bootstrapServers()
            + " refused the SASL login: Authentication failed: Invalid username or password",
        stderr());
    assertNoPassword();
  }

  @Test
  public void noLoginFailsInOneLine() {
    String prefix = "no-login-";
    createTopics(prefix);
    int code = StreammlCli.execute(args(prefix, null, "--kafkaCheckTimeout=3s").toArray(new String[0]));
    assertEquals(2, code);
    assertThat(stderr(), startsWith("streamml: invalid --bootstrapServers: no Kafka broker answered"));
    assertEquals(1, stderr().lines().count());
  }

  @Test
  public void unknownInputTopicFailsInOneLine() {
    int code = StreammlCli.execute(args("nosuch-", PASSWORD).toArray(new String[0]));
    assertEquals(2, code);
    assertEquals(
        "streamml: invalid --inputTopic: topic 'nosuch-events' does not exist on "
            + kafka.bootstrapServers(),
        stderr());
  }

  @Test
  public void missingOutputTopicFailsInOneLine() {
    String prefix = "no-output-";
    kafka.createTopics(Map.of(prefix + "events", 1));
    int code = StreammlCli.execute(args(prefix, PASSWORD).toArray(new String[0]));
    assertEquals(2, code);
    assertEquals(
        "streamml: invalid --outputTopic: topic 'no-output-features' does not exist on "
            + kafka.bootstrapServers()
            + " and the broker does not create topics on write; create it first",
        stderr());
  }

  private void assertNoPassword() {
    assertThat(out.toString(StandardCharsets.UTF_8), not(containsString(PASSWORD)));
    assertThat(err.toString(StandardCharsets.UTF_8), not(containsString(PASSWORD)));
  }
}
