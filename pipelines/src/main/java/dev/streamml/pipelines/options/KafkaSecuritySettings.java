package dev.streamml.pipelines.options;

import dev.streamml.pipelines.kafka.KafkaClientSecurity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Turns {@link KafkaSecurityOptions} into a {@link KafkaClientSecurity}, checking combinations: a
 * mistake fails with one line naming the option ({@code invalid --saslUsername: ...}), and never
 * with a secret in it.
 *
 * <pre>{@code
 * KafkaClientSecurity security = KafkaSecuritySettings.of(options);
 * }</pre>
 */
final class KafkaSecuritySettings {

  private KafkaSecuritySettings() {}

  static KafkaClientSecurity of(KafkaSecurityOptions options) {
    KafkaClientSecurity security =
        PipelineSettings.checked(
            "--securityProtocol", options.getSecurityProtocol(), KafkaClientSecurity::of);
    String username = text(options.getSaslUsername());
    String password = secret("--saslPassword", options.getSaslPassword());
    String jaas = secret("--saslJaasConfig", options.getSaslJaasConfig());
    boolean login = !username.isEmpty() || !password.isEmpty() || !jaas.isEmpty();
    if (security.usesSasl()) {
      String mechanism = text(options.getSaslMechanism()).toUpperCase(Locale.ROOT);
      if (!KafkaClientSecurity.MECHANISMS.contains(mechanism)) {
        throw new IllegalArgumentException(
            "invalid --saslMechanism: '" + options.getSaslMechanism() + "'; accepted: "
                + String.join(", ", KafkaClientSecurity.MECHANISMS));
      }
      if (!jaas.isEmpty()) {
        if (!username.isEmpty() || !password.isEmpty()) {
          throw new IllegalArgumentException(
              "invalid --saslJaasConfig: give either --saslJaasConfig or --saslUsername with"
                  + " --saslPassword, not both");
        }
        security = security.withSaslJaasConfig(mechanism, jaas);
      } else if (username.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid --saslUsername: --securityProtocol=" + security.protocol()
                + " needs --saslUsername and --saslPassword, or --saslJaasConfig");
      } else if (password.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid --saslPassword: --securityProtocol=" + security.protocol()
                + " needs a password for user '" + username + "'");
      } else {
        security = security.withSaslLogin(mechanism, username, password);
      }
    } else if (login) {
      throw new IllegalArgumentException(
          "invalid --securityProtocol: SASL credentials are set but the protocol is "
              + security.protocol() + "; use SASL_PLAINTEXT or SASL_SSL");
    }
    String truststore = text(options.getSslTruststoreLocation());
    String keystore = text(options.getSslKeystoreLocation());
    if (security.usesTls()) {
      if (!truststore.isEmpty()) {
        security =
            security.withTruststore(
                existingFile("--sslTruststoreLocation", truststore),
                secret("--sslTruststorePassword", options.getSslTruststorePassword()));
      }
      if (!keystore.isEmpty()) {
        security =
            security.withKeystore(
                existingFile("--sslKeystoreLocation", keystore),
                secret("--sslKeystorePassword", options.getSslKeystorePassword()),
                secret("--sslKeyPassword", options.getSslKeyPassword()));
      }
      String check = text(options.getSslEndpointIdentification()).toLowerCase(Locale.ROOT);
      if (!List.of("https", "none").contains(check)) {
        throw new IllegalArgumentException(
            "invalid --sslEndpointIdentification: '" + options.getSslEndpointIdentification()
                + "'; accepted: https, none");
      }
      security = security.withHostnameVerification(check.equals("https"));
    } else if (!truststore.isEmpty() || !keystore.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid --securityProtocol: a TLS trust or key store is set but the protocol is "
              + security.protocol() + "; use SSL or SASL_SSL");
    }
    return security;
  }

  private static String text(String value) {
    return value == null ? "" : value.trim();
  }

  /**
   * A secret as given, or read from {@code env:NAME} or {@code file:PATH}; the message of a failure
   * names the variable or file, never a value.
   */
  static String secret(String option, String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    if (value.startsWith("env:")) {
      String name = value.substring(4);
      String read = System.getenv(name);
      if (read == null || read.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid " + option + ": environment variable " + name + " is not set");
      }
      return read;
    }
    if (value.startsWith("file:")) {
      Path file = Path.of(value.substring(5));
      try {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.get(0).isEmpty()) {
          throw new IllegalArgumentException("invalid " + option + ": " + file + " is empty");
        }
        return lines.get(0);
      } catch (IOException e) {
        throw new IllegalArgumentException("invalid " + option + ": cannot read " + file);
      }
    }
    return value;
  }

  private static String existingFile(String option, String location) {
    if (!Files.isRegularFile(Path.of(location))) {
      throw new IllegalArgumentException("invalid " + option + ": no file at " + location);
    }
    return location;
  }
}
