package dev.streamml.launchers;

import java.io.File;
import java.nio.file.Path;

/**
 * Finds the Apache Kafka broker's classpath: the folder of jars that the {@code
 * runners-config/kafka-dist} module copies to its {@code target/lib}.
 *
 * <p>The broker (Kafka 4.x) always runs in its own JVM from that folder, never from the caller's
 * classpath: the pipelines need kafka-clients 3.9.1 (Beam's KafkaIO calls methods removed in 4.0),
 * and the two versions cannot share one classloader.
 *
 * <p>Lookup order, first hit wins:
 *
 * <ol>
 *   <li>the system property {@value #LIB_PROPERTY};
 *   <li>the environment variable {@value #LIB_ENV};
 *   <li>{@value #RELATIVE_LIB} in the current working directory or any of its parents (so it works
 *       from the project root, from a module directory under Maven, and from the IDE).
 * </ol>
 *
 * <pre>{@code
 * Path lib = KafkaDistribution.libDir();
 * List<String> cmd = List.of(KafkaDistribution.javaExecutable().toString(),
 *     "-cp", KafkaDistribution.classpath(lib),
 *     "org.apache.kafka.tools.TopicCommand", "--bootstrap-server", broker.bootstrapServers(), "--list");
 * }</pre>
 */
public final class KafkaDistribution {

  /** System property naming the broker's lib folder; wins over everything else. */
  public static final String LIB_PROPERTY = "streamml.kafka.lib";

  /** Environment variable naming the broker's lib folder; used when the property is unset. */
  public static final String LIB_ENV = "STREAMML_KAFKA_LIB";

  /** Where the kafka-dist module puts the jars, relative to the project root. */
  public static final String RELATIVE_LIB = "runners-config/kafka-dist/target/lib";

  private static final JarFolder JARS =
      new JarFolder(
          "Kafka broker",
          LIB_PROPERTY,
          LIB_ENV,
          RELATIVE_LIB,
          "kafka_2.13-*.jar",
          "mvn -q -pl runners-config/kafka-dist package");

  private KafkaDistribution() {}

  /**
   * Returns the folder holding the Kafka broker jars.
   *
   * @throws IllegalStateException if no usable folder is found; the message says how to build one
   */
  public static Path libDir() {
    return libDir(
        System.getProperty(LIB_PROPERTY),
        System.getenv(LIB_ENV),
        Path.of("").toAbsolutePath());
  }

  /** The lookup itself, with its inputs passed in so that tests do not depend on the machine. */
  static Path libDir(String property, String env, Path workingDir) {
    return JARS.find(property, env, workingDir);
  }

  /**
   * The {@code -cp} value for a JVM that runs Kafka from {@code libDir}: the JVM's own {@code dir/*}
   * wildcard, which keeps the command line short and readable in {@code ps}.
   */
  public static String classpath(Path libDir) {
    return libDir.toAbsolutePath() + File.separator + "*";
  }

  /** The {@code java} launcher of the running JVM, so child processes use the same JDK. */
  public static Path javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /** {@code dir} normalized if it holds the jars, else fails naming {@code source} and the fix. */
  static Path checked(Path dir, String source) {
    return JARS.checked(dir, source);
  }
}
