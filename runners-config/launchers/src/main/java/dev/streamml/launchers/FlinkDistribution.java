package dev.streamml.launchers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
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

  private static final String BUILD_HINT =
      "run `mvn -q -pl runners-config/flink-dist package` in the project root (or build the whole"
          + " project), or point -D" + LIB_PROPERTY + " / $" + LIB_ENV + " at a folder of Flink jars";

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

  static Path libDir(String property, String env, Path workingDir) {
    // An explicit setting that points nowhere is an error, never a reason to guess elsewhere.
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
        "Flink cluster jars not found: no " + RELATIVE_LIB + " in " + workingDir
            + " or its parents; " + BUILD_HINT);
  }

  static Path checked(Path dir, String source) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          "Flink lib folder " + dir + " (from " + source + ") does not exist; " + BUILD_HINT);
    }
    // A folder without flink-runtime is a half-finished build: say so here rather than through a
    // ClassNotFoundException in a child's log.
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "flink-runtime-1*.jar")) {
      if (!jars.iterator().hasNext()) {
        throw new IllegalStateException(
            "Flink lib folder " + dir + " (from " + source + ") holds no flink-runtime jar; "
                + BUILD_HINT);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return dir.toAbsolutePath().normalize();
  }
}
