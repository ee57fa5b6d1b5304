package dev.streamml.pipelines.runners;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.CodeSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Makes sure a job sent to a remote Flink cluster stages the project's bundled jar, and that this
 * jar holds the code being run: a jar older than the compiled classes is refused before submission
 * (exit 2) instead of failing on the cluster with "Invalid lambda deserialization", or worse,
 * running yesterday's code.
 *
 * <p>Applies when the runner is Flink and {@code --flinkMaster} names a host (not {@code [local]},
 * {@code [auto]} or {@code [collection]}). Without {@code --filesToStage} the bundled jar {@value
 * #RELATIVE_PATH} is staged; relative paths are looked up in the working directory, then in
 * {@code -Dstreamml.home} (set by {@code ./streamml}), then in the working directory's parents.
 *
 * <pre>{@code
 * String[] args = BundledJar.checkedForCluster(
 *     new String[] {"--runner=FlinkRunner", "--flinkMaster=127.0.0.1:8081"});
 * // ... "--filesToStage=/abs/path/runners-config/bundle/target/streamml-bundled.jar"
 * }</pre>
 */
public final class BundledJar {

  /** Where {@code runners-config/bundle} writes the bundled jar, relative to the project root. */
  public static final String RELATIVE_PATH = "runners-config/bundle/target/streamml-bundled.jar";

  /** The command that rebuilds it. */
  public static final String BUILD_COMMAND =
      "mvn -q -B -Dmaven.test.skip=true -pl runners-config/bundle -am package";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** Classes whose code sources (classes folders when run from a checkout) the jar must match. */
  private static final List<String> PROJECT_CLASSES =
      List.of("dev.streamml.pipelines.runners.BundledJar", "dev.streamml.events.EventParser");

  private BundledJar() {}

  /** Whether these Beam arguments submit to a remote Flink cluster. */
  public static boolean submitsToCluster(Map<String, String> byName) {
    String runner = byName.getOrDefault("runner", "").toLowerCase(Locale.ROOT);
    String master = byName.getOrDefault("flinkMaster", "[auto]").trim();
    return runner.contains("flink")
        && !master.isEmpty()
        && !master.equals("[local]")
        && !master.equals("[auto]")
        && !master.equals("[collection]");
  }

  /**
   * Returns {@code args} with {@code --filesToStage} set to existing, absolute, up-to-date jars
   * when they submit to a remote Flink cluster; otherwise {@code args} unchanged.
   *
   * @throws IllegalArgumentException naming {@code --filesToStage} if a jar is missing or older
   *     than the compiled classes, with the command that rebuilds it
   */
  public static String[] checkedForCluster(String[] args) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 2) {
        byName.put(arg.substring(2, equals), arg.substring(equals + 1));
      }
    }
    if (!submitsToCluster(byName)) {
      return args;
    }
    List<String> staged = new ArrayList<>();
    for (String entry : byName.getOrDefault("filesToStage", RELATIVE_PATH).split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      Path jar = locate(entry.trim());
      checkFresh(jar, newestProjectClass());
      staged.add(jar.toString());
    }
    List<String> out = new ArrayList<>();
    for (String arg : args) {
      if (!arg.startsWith("--filesToStage=")) {
        out.add(arg);
      }
    }
    out.add("--filesToStage=" + String.join(",", staged));
    return out.toArray(new String[0]);
  }

  /** Fails if {@code jar} is older than {@code newestClass} (when there is one). */
  static void checkFresh(Path jar, Optional<Path> newestClass) {
    if (newestClass.isEmpty()) {
      return; // Run from jars, not from a build: nothing newer to compare with.
    }
    FileTime jarTime = modified(jar);
    FileTime classTime = modified(newestClass.get());
    if (jarTime.compareTo(classTime) < 0) {
      throw new IllegalArgumentException(
          "invalid --filesToStage: " + jar + " (built " + TIME.format(jarTime.toInstant())
              + ") is older than the compiled class " + newestClass.get() + " ("
              + TIME.format(classTime.toInstant())
              + "), so the cluster would run stale code; rebuild it: " + BUILD_COMMAND);
    }
  }

  static Path locate(String entry) {
    Path given = Path.of(entry);
    List<Path> candidates = new ArrayList<>();
    if (given.isAbsolute()) {
      candidates.add(given);
    } else {
      Path cwd = Path.of("").toAbsolutePath();
      candidates.add(cwd.resolve(given));
      String home = System.getProperty("streamml.home");
      if (home != null && !home.isBlank()) {
        candidates.add(Path.of(home).resolve(given));
      }
      for (Path dir = cwd.getParent(); dir != null; dir = dir.getParent()) {
        candidates.add(dir.resolve(given));
      }
    }
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalArgumentException(
        "invalid --filesToStage: " + entry + " not found (looked in " + candidates.get(0)
            + (candidates.size() > 1 ? " and " + (candidates.size() - 1) + " more places" : "")
            + "); a Flink cluster needs the bundled jar: " + BUILD_COMMAND);
  }

  /** The newest {@code .class} file in the project's classes folders, if run from a build. */
  static Optional<Path> newestProjectClass() {
    Path newest = null;
    FileTime newestTime = null;
    for (String name : PROJECT_CLASSES) {
      Optional<Path> dir = classesFolderOf(name);
      if (dir.isEmpty()) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir.get())) {
        for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
          FileTime time = modified(file);
          if (newestTime == null || time.compareTo(newestTime) > 0) {
            newest = file;
            newestTime = time;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + dir.get(), e);
      }
    }
    return Optional.ofNullable(newest);
  }

  private static Optional<Path> classesFolderOf(String className) {
    try {
      CodeSource source = Class.forName(className).getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      Path location = Path.of(source.getLocation().toURI());
      return Files.isDirectory(location) ? Optional.of(location) : Optional.empty();
    } catch (ClassNotFoundException | URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the modification time of " + file, e);
    }
  }
}
