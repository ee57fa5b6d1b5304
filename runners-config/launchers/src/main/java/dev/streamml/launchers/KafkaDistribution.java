package dev.streamml.launchers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
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

  private static final String BUILD_HINT =
      "run `mvn -q -pl runners-config/kafka-dist package` in the project root (or build the whole"
          + " project), or point -D" + LIB_PROPERTY + " / $" + LIB_ENV + " at a folder of Kafka broker jars";

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
    // An explicit setting that points nowhere is an error, not a reason to guess elsewhere:
    // silently using another build's jars would hide the misconfiguration.
    if (property != null && !property.isBlank()) {
      return checked(Path.of(property), "system property " + LIB_PROPERTY);
    }
    if (env != null && !env.isBlank()) {
      return checked(Path.of(env), "environment variable " + LIB_ENV);
    }
    for (Path dir = workingDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE_LIB);
      if (Files.isDirectory(candidate)) {
        return checked(candidate, "the project build");
      }
    }
    throw new IllegalStateException(
        "Kafka broker jars not found: no " + RELATIVE_LIB + " in " + workingDir
            + " or its parents, and neither -D" + LIB_PROPERTY + " nor $" + LIB_ENV
            + " is set; " + BUILD_HINT);
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

  /**
   * Returns {@code dir} normalized if it holds the broker jars, else fails naming {@code source}
   * (where the folder came from) and how to build it.
   */
  static Path checked(Path dir, String source) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "Kafka broker lib folder " + dir + " (from " + source + ") does not exist; " + BUILD_HINT);
    }
    // A folder without the broker jar is a half-finished build (e.g. `mvn clean` ran meanwhile);
    // failing here beats a ClassNotFoundException buried in a child process's log.
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "kafka_2.13-*.jar")) {
      if (!jars.iterator().hasNext()) {
        throw new IllegalStateException(
            "Kafka broker lib folder " + dir + " (from " + source
                + ") holds no kafka_2.13-*.jar; " + BUILD_HINT);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return dir.toAbsolutePath().normalize();
  }
}
