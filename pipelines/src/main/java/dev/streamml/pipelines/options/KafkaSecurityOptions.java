package dev.streamml.pipelines.options;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.streamml.pipelines.kafka.KafkaClientSecurity;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How every Kafka client of a pipeline (source, sinks, dead-letter sink, the start-up check)
 * authenticates and encrypts: SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and TLS.
 *
 * <p>Secrets (passwords, a JAAS line) are {@link JsonIgnore}d: they are not serialized with the
 * options, so they do not reach a runner's job configuration or UI; they are turned into Kafka
 * settings when the options are parsed and cleared from the options, so that printing the options
 * ({@code toString()}) shows none; the settings print as {@code [hidden]}. A secret value may be
 * {@code env:NAME} (read from that environment variable) or {@code file:PATH} (the file's first
 * line), which keeps it off the command line.
 *
 * <pre>{@code
 * --securityProtocol=SASL_SSL --saslMechanism=SCRAM-SHA-512 --saslUsername=streamml
 * --saslPassword=env:KAFKA_PASSWORD --sslTruststoreLocation=/etc/kafka/truststore.p12
 * --sslTruststorePassword=file:/run/secrets/truststore-password
 * }</pre>
 */
public interface KafkaSecurityOptions extends PipelineOptions {

  @Description(
      "Kafka security protocol: PLAINTEXT (default), SSL, SASL_PLAINTEXT or SASL_SSL.")
  @Default.String("PLAINTEXT")
  String getSecurityProtocol();

  void setSecurityProtocol(String value);

  @Description("SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (default PLAIN).")
  @Default.String("PLAIN")
  String getSaslMechanism();

  void setSaslMechanism(String value);

  @Description("SASL user name (with --saslPassword).")
  @Default.String("")
  String getSaslUsername();

  void setSaslUsername(String value);

  @Description("SASL password; env:NAME or file:PATH read it from there. Never printed.")
  @JsonIgnore
  String getSaslPassword();

  void setSaslPassword(String value);

  @Description(
      "A full sasl.jaas.config line instead of --saslUsername/--saslPassword. Never printed.")
  @JsonIgnore
  String getSaslJaasConfig();

  void setSaslJaasConfig(String value);

  @Description("Trust store of the brokers' CA certificates (PKCS12 or JKS file).")
  @Default.String("")
  String getSslTruststoreLocation();

  void setSslTruststoreLocation(String value);

  @Description("Password of the trust store; env:NAME or file:PATH accepted. Never printed.")
  @JsonIgnore
  String getSslTruststorePassword();

  void setSslTruststorePassword(String value);

  @Description("Key store with this client's certificate, for brokers that require TLS client auth.")
  @Default.String("")
  String getSslKeystoreLocation();

  void setSslKeystoreLocation(String value);

  @Description("Password of the key store; env:NAME or file:PATH accepted. Never printed.")
  @JsonIgnore
  String getSslKeystorePassword();

  void setSslKeystorePassword(String value);

  @Description("Password of the key in the key store, if it differs. Never printed.")
  @JsonIgnore
  String getSslKeyPassword();

  void setSslKeyPassword(String value);

  @Description("The security settings with secrets, set when the options are checked. Internal.")
  @Hidden
  @JsonIgnore
  KafkaClientSecurity getResolvedKafkaSecurity();

  void setResolvedKafkaSecurity(KafkaClientSecurity value);

  @Description(
      "Host name check of broker certificates: https (default) or none (only for test brokers).")
  @Default.String("https")
  String getSslEndpointIdentification();

  void setSslEndpointIdentification(String value);
}
