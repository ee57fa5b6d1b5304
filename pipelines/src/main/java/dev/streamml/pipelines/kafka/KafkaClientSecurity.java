package dev.streamml.pipelines.kafka;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * The security settings every Kafka client of a pipeline shares (consumer, producers, admin): the
 * protocol, a SASL login and TLS stores, as Kafka client config. Secrets are held as {@link
 * SecretPassword}s, so the config map, this object's {@code toString()} and Beam's display data of
 * KafkaIO show {@code [hidden]} instead.
 *
 * <pre>{@code
 * KafkaClientSecurity security =
 *     KafkaClientSecurity.of("SASL_SSL")
 *         .withSaslLogin("SCRAM-SHA-512", "streamml", password)
 *         .withTruststore("/etc/kafka/truststore.p12", truststorePassword);
 * source.withConsumerConfig(security.clientConfig());
 * sink.withProducerConfig(security.clientConfig());
 * }</pre>
 */
public final class KafkaClientSecurity implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final List<String> PROTOCOLS =
      List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
  public static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

  private static final Pattern JAAS_USER =
      Pattern.compile("username=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** A marker kept beside the Kafka settings, never handed to a client. */
  private static final String LOGIN_FROM_PASSWORD = "streamml.login.from.password";

  private final String protocol;
  private final LinkedHashMap<String, Object> config;

  private KafkaClientSecurity(String protocol, LinkedHashMap<String, Object> config) {
    this.protocol = protocol;
    this.config = config;
  }

  /** No security: plain TCP, no login. */
  public static KafkaClientSecurity plaintext() {
    return of("PLAINTEXT");
  }

  /** The protocol alone: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (any case). */
  public static KafkaClientSecurity of(String protocol) {
    String upper = protocol == null ? "" : protocol.trim().toUpperCase(Locale.ROOT);
    if (!PROTOCOLS.contains(upper)) {
      throw new IllegalArgumentException(
          "unknown security protocol '" + protocol + "'; accepted: " + String.join(", ", PROTOCOLS));
    }
    LinkedHashMap<String, Object> config = new LinkedHashMap<>();
    if (!upper.equals("PLAINTEXT")) {
      config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, upper);
    }
    return new KafkaClientSecurity(upper, config);
  }

  public String protocol() {
    return protocol;
  }

  public boolean usesSasl() {
    return protocol.startsWith("SASL_");
  }

  public boolean usesTls() {
    return protocol.endsWith("SSL");
  }

  /** A user name and password login with this mechanism (PLAIN or SCRAM-SHA-256/512). */
  public KafkaClientSecurity withSaslLogin(String mechanism, String username, String password) {
    String upper = checkedMechanism(mechanism);
    if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
      throw new IllegalArgumentException("a SASL login needs a user name and a password");
    }
    String module =
        upper.equals("PLAIN")
            ? "org.apache.kafka.common.security.plain.PlainLoginModule"
            : "org.apache.kafka.common.security.scram.ScramLoginModule";
    String jaas =
        module + " required username=\"" + jaasQuote(username) + "\" password=\""
            + jaasQuote(password) + "\";";
    KafkaClientSecurity login = withSaslJaasConfig(upper, jaas);
    login.config.put(LOGIN_FROM_PASSWORD, Boolean.TRUE);
    return login;
  }

  /**
   * Whether the login was given as user name and password ({@link #withSaslLogin}) rather than as a
   * JAAS line: messages then name {@code --saslPassword}, else {@code --saslJaasConfig}.
   */
  public boolean loginFromPassword() {
    return config.containsKey(LOGIN_FROM_PASSWORD);
  }

  /** A full {@code sasl.jaas.config} line, for login modules beyond user name and password. */
  public KafkaClientSecurity withSaslJaasConfig(String mechanism, String jaasConfig) {
    requireSasl();
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(config);
    copy.put(SaslConfigs.SASL_MECHANISM, checkedMechanism(mechanism));
    copy.put(SaslConfigs.SASL_JAAS_CONFIG, SecretPassword.of(jaasConfig));
    copy.remove(LOGIN_FROM_PASSWORD);
    return new KafkaClientSecurity(protocol, copy);
  }

  /** The trust store holding the CA that signed the brokers' certificates. */
  public KafkaClientSecurity withTruststore(String location, String password) {
    requireTls();
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(config);
    copy.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, location);
    if (password != null && !password.isEmpty()) {
      copy.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, SecretPassword.of(password));
    }
    return new KafkaClientSecurity(protocol, copy);
  }

  /** The key store with this client's certificate, for TLS client authentication. */
  public KafkaClientSecurity withKeystore(String location, String password, String keyPassword) {
    requireTls();
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(config);
    copy.put(SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, location);
    if (password != null && !password.isEmpty()) {
      copy.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, SecretPassword.of(password));
    }
    if (keyPassword != null && !keyPassword.isEmpty()) {
      copy.put(SslConfigs.SSL_KEY_PASSWORD_CONFIG, SecretPassword.of(keyPassword));
    }
    return new KafkaClientSecurity(protocol, copy);
  }

  /** Whether broker certificates must match the broker's host name (Kafka's default: yes). */
  public KafkaClientSecurity withHostnameVerification(boolean verify) {
    requireTls();
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(config);
    copy.put(SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, verify ? "https" : "");
    return new KafkaClientSecurity(protocol, copy);
  }

  /** The Kafka client settings, to add to a consumer's, producer's or admin client's config. */
  public Map<String, Object> clientConfig() {
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>(config);
    copy.remove(LOGIN_FROM_PASSWORD);
    return Collections.unmodifiableMap(copy);
  }

  /** The SASL user name, or null; for messages. */
  public String saslUser() {
    Object jaas = config.get(SaslConfigs.SASL_JAAS_CONFIG);
    if (!(jaas instanceof Password)) {
      return null;
    }
    Matcher user = JAAS_USER.matcher(((Password) jaas).value());
    return user.find() ? user.group(1) : null;
  }

  /** The settings with secrets shown as {@code [hidden]}. */
  @Override
  public String toString() {
    return "KafkaClientSecurity" + clientConfig();
  }

  private void requireSasl() {
    if (!usesSasl()) {
      throw new IllegalArgumentException(
          "a SASL login needs the protocol SASL_PLAINTEXT or SASL_SSL, not " + protocol);
    }
  }

  private void requireTls() {
    if (!usesTls()) {
      throw new IllegalArgumentException(
          "TLS settings need the protocol SSL or SASL_SSL, not " + protocol);
    }
  }

  private static String checkedMechanism(String mechanism) {
    String upper = mechanism == null ? "" : mechanism.trim().toUpperCase(Locale.ROOT);
    if (!MECHANISMS.contains(upper)) {
      throw new IllegalArgumentException(
          "unknown SASL mechanism '" + mechanism + "'; accepted: " + String.join(", ", MECHANISMS));
    }
    return upper;
  }

  /** Escapes a value for a double-quoted JAAS option (Kafka reads it with a StreamTokenizer). */
  private static String jaasQuote(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
