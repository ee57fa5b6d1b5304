package dev.streamml.pipelines.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamml.pipelines.features.FeaturesPipeline;
import dev.streamml.pipelines.options.PipelineSettings;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.util.common.ReflectHelpers;
import org.apache.kafka.common.config.types.Password;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Security settings pass through to every Kafka client and secrets never show: not in the options'
 * text or JSON (what runners store and show), not in Beam's display data of any step, not in the
 * client config's text.
 */
@RunWith(JUnit4.class)
public class KafkaClientSecurityTest {

  private static final String PASSWORD = "s3cr3t-pa55";
  private static final String TRUSTSTORE_PASSWORD = "tru5t-pa55";

  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private FeaturesPipeline.Options secureOptions() throws Exception {
    File truststore = folder.newFile("truststore.p12");
    Files.write(truststore.toPath(), new byte[] {1, 2, 3});
    return FeaturesPipeline.options(
        "--bootstrapServers=broker-1:9093",
        "--securityProtocol=SASL_SSL",
        "--saslMechanism=SCRAM-SHA-512",
        "--saslUsername=streamml",
        "--saslPassword=" + PASSWORD,
        "--sslTruststoreLocation=" + truststore,
        "--sslTruststorePassword=" + TRUSTSTORE_PASSWORD);
  }

  @Test
  public void optionsBecomeClientSettings() throws Exception {
    Map<String, Object> config = PipelineSettings.kafkaSecurity(secureOptions()).clientConfig();
    assertEquals("SASL_SSL", config.get("security.protocol"));
    assertEquals("SCRAM-SHA-512", config.get("sasl.mechanism"));
    assertEquals(
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"streamml\""
            + " password=\"" + PASSWORD + "\";",
        ((Password) config.get("sasl.jaas.config")).value());
    assertEquals(TRUSTSTORE_PASSWORD, ((Password) config.get("ssl.truststore.password")).value());
    assertEquals("https", config.get("ssl.endpoint.identification.algorithm"));
    assertThat(config.toString(), not(containsString(PASSWORD)));
    assertThat(config.toString(), not(containsString(TRUSTSTORE_PASSWORD)));
  }

  @Test
  public void plainLoginEscapesQuotes() {
    KafkaClientSecurity security =
        KafkaClientSecurity.of("sasl_plaintext").withSaslLogin("plain", "a\"b", "p\\\"w");
    assertEquals(
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"a\\\"b\""
            + " password=\"p\\\\\\\"w\";",
        ((Password) security.clientConfig().get("sasl.jaas.config")).value());
    assertEquals("a\\\"b", security.saslUser());
  }

  @Test
  public void noSecurityAddsNothing() throws Exception {
    assertTrue(
        PipelineSettings.kafkaSecurity(FeaturesPipeline.options()).clientConfig().isEmpty());
  }

  @Test
  public void secretsSurviveJavaSerializationAndStayHidden() {
    SecretPassword secret = SecretPassword.of(PASSWORD);
    SecretPassword copy = (SecretPassword) SerializableUtils.clone(secret);
    assertEquals(PASSWORD, copy.value());
    assertEquals(Password.HIDDEN, copy.toString());
    KafkaClientSecurity security =
        KafkaClientSecurity.of("SASL_PLAINTEXT").withSaslLogin("PLAIN", "u", PASSWORD);
    KafkaClientSecurity securityCopy = SerializableUtils.clone(security);
    assertEquals(
        ((Password) security.clientConfig().get("sasl.jaas.config")).value(),
        ((Password) securityCopy.clientConfig().get("sasl.jaas.config")).value());
    assertThat(securityCopy.toString(), not(containsString(PASSWORD)));
  }

  @Test
  public void optionsTextAndJsonHoldNoSecret() throws Exception {
    FeaturesPipeline.Options options = secureOptions();
    assertThat(options.toString(), containsString("sasl.jaas.config=[hidden]"));
    assertThat(options.toString(), not(containsString(PASSWORD)));
    assertThat(options.toString(), not(containsString(TRUSTSTORE_PASSWORD)));
    // What runners serialize and show (Flink's job parameters, Dataflow's job): the options JSON.
    String json =
        new ObjectMapper()
            .registerModules(ObjectMapper.findModules(ReflectHelpers.findClassLoader()))
            .writeValueAsString(options);
    assertThat(json, containsString("streamml")); // the user name is not secret
    assertThat(json, not(containsString(PASSWORD)));
    assertThat(json, not(containsString(TRUSTSTORE_PASSWORD)));
    assertThat(DisplayData.from(options).toString(), not(containsString(PASSWORD)));
  }

  @Test
  public void displayDataOfEveryStepHoldsNoSecret() throws Exception {
    FeaturesPipeline.Options options = secureOptions();
    Pipeline pipeline = Pipeline.create(options);
    // The source as run() builds it, without the broker check and the bounded read.
    KafkaEventSource source =
        KafkaEventSource.of(options.getBootstrapServers(), options.getInputTopic())
            .withConsumerConfig(PipelineSettings.kafkaSecurity(options).clientConfig());
    FeaturesPipeline.build(pipeline, options, source);
    List<String> shown = new ArrayList<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (node.getTransform() != null) {
              shown.add(node.getFullName() + " " + DisplayData.from(node.getTransform()));
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            shown.add(node.getFullName() + " " + DisplayData.from(node.getTransform()));
          }
        });
    String all = String.join("\n", shown);
    // The settings are there (so the check is not vacuous), the secrets are not.
    assertThat(all, containsString("sasl.jaas.config"));
    assertThat(all, containsString("SCRAM-SHA-512"));
    assertThat(all, containsString(Password.HIDDEN));
    assertThat(all, not(containsString(PASSWORD)));
    assertThat(all, not(containsString(TRUSTSTORE_PASSWORD)));
  }

  @Test
  public void secretsFromEnvironmentAndFile() throws Exception {
    File secret = folder.newFile("password.txt");
    Files.writeString(secret.toPath(), PASSWORD + "\n");
    Map<String, Object> config =
        PipelineSettings.kafkaSecurity(
                FeaturesPipeline.options(
                    "--securityProtocol=SASL_PLAINTEXT",
                    "--saslUsername=u",
                    "--saslPassword=file:" + secret))
            .clientConfig();
    assertThat(((Password) config.get("sasl.jaas.config")).value(), containsString(PASSWORD));
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                FeaturesPipeline.options(
                    "--securityProtocol=SASL_PLAINTEXT",
                    "--saslUsername=u",
                    "--saslPassword=env:STREAMML_NO_SUCH_VARIABLE"));
    assertEquals(
        "invalid --saslPassword: environment variable STREAMML_NO_SUCH_VARIABLE is not set",
        missing.getMessage());
  }

  @Test
  public void credentialsWithoutSaslProtocolAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FeaturesPipeline.options("--saslUsername=u", "--saslPassword=" + PASSWORD));
    assertEquals(
        "invalid --securityProtocol: SASL credentials are set but the protocol is PLAINTEXT;"
            + " use SASL_PLAINTEXT or SASL_SSL",
        e.getMessage());
    assertThat(e.getMessage(), not(containsString(PASSWORD)));
  }
}
