package dev.streamml.launchers;

import java.nio.file.Path;

/**
 * Finds a Flink session cluster's classpath: the folder of jars that the {@code
 * runners-config/flink-dist} module copies to its {@code target/lib} (Flink 1.19 runtime, clients,
 * REST/web UI, RocksDB state backend, log4j 2).
 *
 * <p>Lookup order, first hit wins: the system property {@value #LIB_PROPERTY}, the environment
 * variable {@value #LIB_ENV}, then {@value #RELATIVE_LIB} in the working directory or a parent.
 *
 * <pre>{@code
 * Path lib = FlinkDistribution.libDir();   // .../runners-config/flink-dist/target/lib
 * }</pre>
 */
public final class FlinkDistribution {

  /** System property naming the Flink lib folder; wins over everything else. */
  public static final String LIB_PROPERTY = "streamml.flink.lib";

  /** Environment variable naming the Flink lib folder; used when the property is unset. */
  public static final String LIB_ENV = "STREAMML_FLINK_LIB";

  /** Where the flink-dist module puts the jars, relative to the project root. */
  public static final String RELATIVE_LIB = "runners-config/flink-dist/target/lib";

  private static final JarFolder JARS =
      new JarFolder(
          "Flink",
          LIB_PROPERTY,
          LIB_ENV,
          RELATIVE_LIB,
          "flink-runtime-1*.jar",
          "mvn -q -pl runners-config/flink-dist package");

  private FlinkDistribution() {}

  /**
   * Returns the folder holding the Flink cluster jars.
   *
   * @throws IllegalStateException if no usable folder is found; the message says how to build one
   */
  public static Path libDir() {
    return libDir(
        System.getProperty(LIB_PROPERTY), System.getenv(LIB_ENV), Path.of("").toAbsolutePath());
  }

  /** The lookup itself, with its inputs passed in so that tests do not depend on the machine. */
  static Path libDir(String property, String env, Path workingDir) {
    return JARS.find(property, env, workingDir);
  }

  /** {@code dir} normalized if it holds the jars, else fails naming {@code source} and the fix. */
  static Path checked(Path dir, String source) {
    return JARS.checked(dir, source);
  }
}
