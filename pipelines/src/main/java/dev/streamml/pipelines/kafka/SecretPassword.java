package dev.streamml.pipelines.kafka;

import java.io.ObjectStreamException;
import java.io.Serializable;
import org.apache.kafka.common.config.types.Password;

/**
 * A Kafka {@link Password} that survives Java serialization, so that a secret can sit in a KafkaIO
 * consumer or producer config (serialized with the pipeline) and still print as {@code [hidden]}:
 * in {@code toString()}, in logs and in Beam's display data, which shows every config value.
 *
 * <p>Kafka's {@code ConfigDef} takes a {@code Password} as the value of a password-type setting
 * ({@code sasl.jaas.config}, {@code ssl.*.password}) as it is.
 *
 * <pre>{@code
 * config.put(SaslConfigs.SASL_JAAS_CONFIG, SecretPassword.of(jaasLine));
 * String.valueOf(config.get(SaslConfigs.SASL_JAAS_CONFIG)); // "[hidden]"
 * }</pre>
 */
public final class SecretPassword extends Password implements Serializable {
  private static final long serialVersionUID = 1L;

  private SecretPassword(String value) {
    super(value);
  }

  public static SecretPassword of(String value) {
    if (value == null) {
      throw new IllegalArgumentException("a secret must not be null");
    }
    return new SecretPassword(value);
  }

  // Password has no no-argument constructor, so this class cannot be deserialized directly:
  // it travels as a Form and is rebuilt from it.
  private Object writeReplace() throws ObjectStreamException {
    return new Form(value());
  }

  private static final class Form implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String value;

    Form(String value) {
      this.value = value;
    }

    private Object readResolve() throws ObjectStreamException {
      return new SecretPassword(value);
    }

    @Override
    public String toString() {
      return HIDDEN;
    }
  }
}
