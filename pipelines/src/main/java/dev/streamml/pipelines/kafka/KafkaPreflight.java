package dev.streamml.pipelines.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Checks, before a pipeline starts, that its Kafka cluster answers, accepts the credentials and
 * holds the topics the pipeline needs, within a short timeout. Without it a pipeline facing an
 * unreachable broker or a missing topic waits forever in KafkaIO's reader and says nothing.
 *
 * <p>Every problem is an {@link IllegalArgumentException} whose one-line message names the option
 * to fix: {@code invalid --bootstrapServers: no Kafka broker answered at 127.0.0.1:1 within 10s}.
 * Output topics that are missing are an error only when the broker will not create them on first
 * write ({@code auto.create.topics.enable=false}, or its setting cannot be read).
 *
 * <pre>{@code
 * KafkaPreflight.of("127.0.0.1:9092", security.clientConfig())
 *     .inputTopic("--inputTopic", "events")
 *     .outputTopic("--outputTopic", "features")
 *     .check(KafkaPreflight.DEFAULT_TIMEOUT);
 * }</pre>
 */
public final class KafkaPreflight {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final String bootstrapServers;
  private final Map<String, Object> clientConfig;
  private final Map<String, String> inputs = new LinkedHashMap<>();
  private final Map<String, String> outputs = new LinkedHashMap<>();
  private String credentialsOption = "--saslPassword";
  private String serversOption = "--bootstrapServers";

  private KafkaPreflight(String bootstrapServers, Map<String, Object> clientConfig) {
    this.bootstrapServers = bootstrapServers;
    this.clientConfig = clientConfig;
  }

  /** A check of this cluster with these extra client settings (security). */
  public static KafkaPreflight of(String bootstrapServers, Map<String, Object> clientConfig) {
    return new KafkaPreflight(bootstrapServers, new HashMap<>(clientConfig));
  }

  /** A topic the pipeline reads: it must exist. {@code option} names it in messages. */
  public KafkaPreflight inputTopic(String option, String topic) {
    inputs.put(option, topic);
    return this;
  }

  /** A topic the pipeline writes: it must exist unless the broker creates topics on write. */
  public KafkaPreflight outputTopic(String option, String topic) {
    outputs.put(option, topic);
    return this;
  }

  /** The option that holds the broker addresses (default {@code --bootstrapServers}). */
  public KafkaPreflight serversOption(String option) {
    this.serversOption = option;
    return this;
  }

  /** The option to name when the broker refuses the login (default {@code --saslPassword}). */
  public KafkaPreflight credentialsOption(String option) {
    this.credentialsOption = option;
    return this;
  }

  /**
   * Runs the checks.
   *
   * @throws IllegalArgumentException naming the option to fix, in one line
   */
  public void check(Duration timeout) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    int millis = (int) Math.max(1000, timeout.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    // One quick attempt per node: the check is about "does it answer now", not "eventually".
    config.put(AdminClientConfig.RETRIES_CONFIG, 0);
    checkAddresses();
    Admin admin;
    try {
      admin = Admin.create(config);
    } catch (KafkaException e) {
      throw new IllegalArgumentException(
          "invalid " + serversOption + ": '" + bootstrapServers + "': " + innermost(e).getMessage(),
          e);
    }
    try {
      Collection<Node> nodes = get(admin.describeCluster().nodes(), timeout);
      Set<String> existing = get(admin.listTopics().names(), timeout);
      for (Map.Entry<String, String> input : inputs.entrySet()) {
        if (!existing.contains(input.getValue())) {
          throw new IllegalArgumentException(
              "invalid " + input.getKey() + ": topic '" + input.getValue()
                  + "' does not exist on " + bootstrapServers);
        }
      }
      List<String> missing =
          outputs.entrySet().stream()
              .filter(output -> !existing.contains(output.getValue()))
              .map(output -> output.getKey() + "=" + output.getValue())
              .collect(Collectors.toList());
      if (!missing.isEmpty() && !createsTopicsOnWrite(admin, nodes, timeout)) {
        String first = missing.get(0);
        int equals = first.indexOf('=');
        throw new IllegalArgumentException(
            "invalid " + first.substring(0, equals) + ": topic '" + first.substring(equals + 1)
                + "' does not exist on " + bootstrapServers
                + " and the broker does not create topics on write; create it first");
      }
    } finally {
      admin.close(Duration.ZERO);
    }
  }

  /**
   * Each entry must be host:port, and at least one host must resolve; checked here because Kafka
   * logs a warning per unresolvable host before it fails.
   */
  private void checkAddresses() {
    String unresolved = null;
    boolean anyResolved = false;
    for (String entry : bootstrapServers.split(",")) {
      String address = entry.trim();
      int colon = address.lastIndexOf(':');
      String host = colon <= 0 ? "" : address.substring(0, colon).replaceAll("^\\[|\\]$", "");
      String port = colon < 0 ? "" : address.substring(colon + 1);
      if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
        throw new IllegalArgumentException(
            "invalid " + serversOption + ": '" + address + "' is not host:port, e.g. 127.0.0.1:9092");
      }
      try {
        InetAddress.getByName(host);
        anyResolved = true;
      } catch (UnknownHostException e) {
        unresolved = host;
      }
    }
    if (!anyResolved) {
      throw new IllegalArgumentException(
          "invalid " + serversOption + ": cannot resolve the host name '" + unresolved + "'");
    }
  }

  private boolean createsTopicsOnWrite(Admin admin, Collection<Node> nodes, Duration timeout) {
    if (nodes.isEmpty()) {
      return false;
    }
    ConfigResource broker =
        new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(nodes.iterator().next().id()));
    try {
      Config config = get(admin.describeConfigs(List.of(broker)).all(), timeout).get(broker);
      ConfigEntry entry = config == null ? null : config.get("auto.create.topics.enable");
      return entry != null && Boolean.parseBoolean(entry.value());
    } catch (RuntimeException e) {
      // Not allowed to read broker settings: assume the safe answer, topics are not created.
      return false;
    }
  }

  private <T> T get(KafkaFuture<T> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw unreachable(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking Kafka", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof SaslAuthenticationException) {
        throw new IllegalArgumentException(
            "invalid " + credentialsOption + ": Kafka at " + bootstrapServers
                + " refused the SASL login: " + oneLine(cause.getMessage()), cause);
      }
      if (cause instanceof SslAuthenticationException) {
        throw new IllegalArgumentException(
            "invalid --sslTruststoreLocation: the TLS handshake with " + bootstrapServers
                + " failed (is the broker's CA certificate in the trust store?): "
                + oneLine(handshakeReason(cause)), cause);
      }
      if (cause instanceof AuthenticationException) {
        throw new IllegalArgumentException(
            "invalid --securityProtocol: Kafka at " + bootstrapServers
                + " did not authenticate this client: " + oneLine(cause.getMessage()), cause);
      }
      if (cause instanceof AuthorizationException) {
        throw new IllegalArgumentException(
            "invalid --saslUsername: not authorised on " + bootstrapServers + ": "
                + oneLine(cause.getMessage()), cause);
      }
      if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(timeout);
      }
      throw new IllegalStateException(
          "Kafka at " + bootstrapServers + " failed: " + oneLine(cause.getMessage()), cause);
    }
  }

  private IllegalArgumentException unreachable(Duration timeout) {
    return new IllegalArgumentException(
        "invalid " + serversOption + ": no Kafka broker answered at " + bootstrapServers
            + " within " + timeout.toSeconds() + "s ("
            + (clientConfig.isEmpty() && !serversOption.equals("--bootstrapServers")
                ? "is it running?)"
                : "is it running, and is --securityProtocol right?)"));
  }

  /** The JDK's own account of a failed handshake (its SSLException), else the innermost cause. */
  private static String handshakeReason(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException && cause.getMessage() != null) {
        return cause.getMessage();
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return String.valueOf(innermost(error).getMessage());
  }

  private static Throwable innermost(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "no detail";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
