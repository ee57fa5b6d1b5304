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
import dev.streamml.pipelines.testing.TestTlsStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.joda.time.Instant;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The features pipeline through the command line against a real broker that speaks TLS and
 * requires SASL ({@code SASL_SSL}, SCRAM-SHA-256 login, certificate made with keytool): with the
 * broker's CA in {@code --sslTruststoreLocation} it writes its features; with a trust store that
 * does not hold it, it fails at once with one line naming that option. Secrets are passed as
 * {@code file:} references and appear in no output.
 */
@RunWith(JUnit4.class)
public class TlsKafkaIT {

  private static final String USER = "carol";
  private static final String PASSWORD = "carol-Tls-Pa55";
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  @ClassRule public static final TemporaryFolder FOLDER = new TemporaryFolder();

  private static KafkaTestBroker kafka;
  private static TestTlsStores stores;
  private static TestTlsStores strangers;
  private static Path passwordFile;
  private static Path storePasswordFile;

  @Rule public final Timeout timeout = Timeout.seconds(240);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeClass
  public static void startKafka() throws Exception {
    Path dir = FOLDER.getRoot().toPath();
    stores = TestTlsStores.create(dir, "broker");
    strangers = TestTlsStores.create(dir, "stranger");
    passwordFile = Files.writeString(dir.resolve("sasl-password"), PASSWORD + "\n");
    storePasswordFile = Files.writeString(dir.resolve("store-password"), stores.password());
    kafka = KafkaTestBroker.startWithSaslSsl(Map.of(USER, PASSWORD), USER, stores);
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

  private String[] args(String prefix, Path truststore, String storePassword) {
    return new String[] {
      "run",
      "features",
      "--bootstrapServers=" + kafka.bootstrapServers(),
      "--inputTopic=" + prefix + "events",
      "--outputTopic=" + prefix + "features",
      "--deadLetterTopic=" + prefix + "dead-letters",
      "--lateTopic=" + prefix + "late",
      "--readToEnd=true",
      "--kafkaCheckTimeout=5s",
      "--securityProtocol=SASL_SSL",
      "--saslMechanism=SCRAM-SHA-256",
      "--saslUsername=" + USER,
      "--saslPassword=file:" + passwordFile,
      "--sslTruststoreLocation=" + truststore,
      "--sslTruststorePassword=" + storePassword
    };
  }

  private void createTopics(String prefix) {
    Map<String, Integer> topics = new LinkedHashMap<>();
    for (String topic : List.of("events", "features", "dead-letters", "late")) {
      topics.put(prefix + topic, 1);
    }
    kafka.createTopics(topics);
  }

  @Test
  public void pipelineRunsOverTls() throws Exception {
    String prefix = "tls-";
    createTopics(prefix);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      Instant at = T0.plus(i * 1000L);
      String json = "{\"key\":\"k\",\"timestamp\":\"" + at + "\",\"value\":" + (i % 5) + "}";
      records.add(
          new ProducerRecord<>(
              prefix + "events", 0, at.getMillis(), null, json.getBytes(StandardCharsets.UTF_8)));
    }
    byte[] notUtf8 = {'{', (byte) 0xC3, '(', '}'};
    records.add(new ProducerRecord<>(prefix + "events", 0, T0.getMillis(), null, notUtf8));
    kafka.send(records);

    int code =
        StreammlCli.execute(
            args(prefix, stores.truststore(), "file:" + storePasswordFile));
    assertEquals("stderr: " + err.toString(StandardCharsets.UTF_8), 0, code);

    // Two one-minute windows of 60 events, values 0..4 twelve times each: sum 120 per window.
    List<ConsumerRecord<byte[], byte[]>> windows = kafka.readToEnd(prefix + "features");
    assertEquals(2, windows.size());
    ObjectMapper json = new ObjectMapper();
    for (ConsumerRecord<byte[], byte[]> window : windows) {
      JsonNode features = json.readTree(window.value());
      assertEquals(60, features.get("count").asLong());
      assertEquals(120.0, features.get("sum").asDouble(), 0.0);
    }
    List<ConsumerRecord<byte[], byte[]>> letters = kafka.readToEnd(prefix + "dead-letters");
    assertEquals(1, letters.size());
    assertArrayEquals(notUtf8, letters.get(0).value());
    assertThat(out.toString(StandardCharsets.UTF_8), not(containsString(PASSWORD)));
    assertThat(err.toString(StandardCharsets.UTF_8), not(containsString(PASSWORD)));
  }

  @Test
  public void untrustedBrokerCertificateFailsInOneLine() {
    String prefix = "untrusted-";
    createTopics(prefix);
    int code = StreammlCli.execute(args(prefix, strangers.truststore(), strangers.password()));
    String stderr = err.toString(StandardCharsets.UTF_8).strip();
    assertEquals("stderr: " + stderr, 2, code);
    assertThat(
        stderr,
        startsWith(
            "streamml: invalid --sslTruststoreLocation: the TLS handshake with "
                + kafka.bootstrapServers()
                + " failed (is the broker's CA certificate in the trust store?): PKIX path"));
    assertEquals(stderr, 1, stderr.lines().count());
    assertThat(stderr, not(containsString(strangers.password())));
    originalErr.println("TlsKafkaIT untrusted certificate: " + stderr);
  }
}
