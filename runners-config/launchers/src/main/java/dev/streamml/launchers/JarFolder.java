package dev.streamml.launchers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a folder of jars that a module of this project builds (the Kafka broker's, Flink's): a
 * system property wins, then an environment variable, then the module's output folder in the
 * working directory or a parent. The folder must hold a marker jar, so that a half-finished build
 * fails here with how to build it, not with a ClassNotFoundException in a child process's log.
 *
 * <pre>{@code
 * JarFolder flink = new JarFolder("Flink", "streamml.flink.lib", "STREAMML_FLINK_LIB",
 *     "runners-config/flink-dist/target/lib", "flink-runtime-1*.jar", "mvn -q -pl runners-config/flink-dist package");
 * Path lib = flink.find(System.getProperty("streamml.flink.lib"), System.getenv("STREAMML_FLINK_LIB"), Path.of(""));
 * }</pre>
 */
final class JarFolder {
  private final String what;
  private final String property;
  private final String env;
  private final String relativeLib;
  private final String markerGlob;
  private final String buildHint;

  JarFolder(
      String what,
      String property,
      String env,
      String relativeLib,
      String markerGlob,
      String buildCommand) {
    this.what = what;
    this.property = property;
    this.env = env;
    this.relativeLib = relativeLib;
    this.markerGlob = markerGlob;
    this.buildHint =
        "run `" + buildCommand + "` in the project root (or build the whole project), or point -D"
            + property + " / $" + env + " at a folder of " + what + " jars";
  }

  /** The lookup, with its inputs passed in so that tests do not depend on the machine. */
  Path find(String propertyValue, String envValue, Path workingDir) {
    // An explicit setting that points nowhere is an error, not a reason to guess elsewhere:
    // silently using another build's jars would hide the misconfiguration.
    if (propertyValue != null && !propertyValue.isBlank()) {
      return checked(Path.of(propertyValue), "system property " + property);
    }
    if (envValue != null && !envValue.isBlank()) {
      return checked(Path.of(envValue), "environment variable " + env);
    }
    for (Path dir = workingDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relativeLib);
      if (Files.isDirectory(candidate)) {
        return checked(candidate, "the project build");
      }
    }
    throw new IllegalStateException(
        what + " jars not found: no " + relativeLib + " in " + workingDir
            + " or its parents, and neither -D" + property + " nor $" + env + " is set; "
            + buildHint);
  }

  /** {@code dir} normalized if it holds the marker jar, else fails naming where it came from. */
  Path checked(Path dir, String source) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(
          what + " lib folder " + dir + " (from " + source + ") does not exist; " + buildHint);
    }
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, markerGlob)) {
      if (!jars.iterator().hasNext()) {
        throw new IllegalStateException(
            what + " lib folder " + dir + " (from " + source + ") holds no " + markerGlob + "; "
                + buildHint);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return dir.toAbsolutePath().normalize();
  }
}
