package dev.streamml.embedding;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The external project of {@code docs/embedding.md}, built by Maven against the freshly packaged
 * {@code streamml-transforms} jar and run: the library embeds with one dependency and works.
 *
 * <p>The jar is deployed into a repository folder under {@code target/}, never installed: the
 * external build declares that folder as a repository and gets Beam from the usual ones. It is
 * deployed as version {@value #IT_VERSION} with a flattened pom (no parent, the compile
 * dependencies with their versions, as a published artifact would carry), so the copy Maven caches
 * in the local repository can never stand in for the project's own {@code 0.1.0-SNAPSHOT} in
 * another build. The pom and the Java class come from the doc itself, so the doc cannot drift from
 * what works.
 */
public class EmbeddingIT {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path WORK = MODULE.resolve("target/embedding-it");
  private static final String REPO_ID = "streamml-embedding-it";
  private static final long TIMEOUT_SECONDS = 240;
  // Short-lived JVMs: the client compiler alone starts them markedly faster on two cores.
  private static final String QUICK_START = "-XX:TieredStopAtLevel=1";
  /** The version the jar is deployed as: used by no other build. */
  static final String IT_VERSION = "0.0.0-embedding-it-SNAPSHOT";

  /** Compile dependencies of the artifact -> the system property holding their version. */
  private static final Map<String, String> VERSIONS =
      Map.of(
          "org.apache.beam:beam-sdks-java-core", "beam.version",
          "org.apache.datasketches:datasketches-java", "datasketches.version",
          "com.fasterxml.jackson.core:jackson-databind", "jackson.version",
          "org.apache.commons:commons-csv", "commons-csv.version");

  @Test
  public void docsExampleBuildsAgainstTheArtifactAndRuns() throws Exception {
    String version = property("streamml.version");
    String beamVersion = property("beam.version");
    Path jar = MODULE.resolve("target/streamml-transforms-" + version + ".jar");
    assertTrue(jar + " is packaged before integration tests", Files.isRegularFile(jar));
    String doc = Files.readString(MODULE.resolve("../docs/embedding.md"), StandardCharsets.UTF_8);
    String pom = block(doc, "xml");
    String java = block(doc, "java");
    assertTrue("the doc names the current version", pom.contains("<version>" + version + "<"));
    assertTrue("the doc names the Beam version", pom.contains("<version>" + beamVersion + "<"));

    deleteTree(WORK);
    Path repo = Files.createDirectories(WORK.resolve("repo"));
    Path project = Files.createDirectories(WORK.resolve("project"));
    String repoUrl = repo.toUri().toString();
    Path flatPom = WORK.resolve("streamml-transforms.pom");
    Files.writeString(flatPom, flattenedPom(Files.readString(MODULE.resolve("pom.xml"))));
    mvn(WORK, "org.apache.maven.plugins:maven-deploy-plugin:3.1.3:deploy-file", "-Dfile=" + jar,
        "-DpomFile=" + flatPom, "-Durl=" + repoUrl, "-DrepositoryId=" + REPO_ID);

    String repositories =
        "  <repositories>\n    <repository>\n      <id>" + REPO_ID + "</id>\n      <url>"
            + repoUrl
            + "</url>\n      <snapshots><enabled>true</enabled><updatePolicy>always</updatePolicy>"
            + "</snapshots>\n    </repository>\n  </repositories>\n</project>";
    String itPom =
        pom.replace("</project>", repositories)
            .replace("<version>" + version + "</version>", "<version>" + IT_VERSION + "</version>");
    Files.writeString(project.resolve("pom.xml"), itPom);
    Path source = project.resolve("src/main/java/example/SensorFeatures.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, java);

    mvn(project, "compile", "dependency:build-classpath", "-Dmdep.outputFile=cp.txt");
    String resolved = Files.readString(project.resolve("cp.txt")).strip();
    String transforms =
        Stream.of(resolved.split(File.pathSeparator))
            .filter(entry -> entry.contains("streamml-transforms"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("streamml-transforms not on " + resolved));
    assertEquals(
        "the external build uses the jar just built",
        -1L,
        Files.mismatch(Path.of(transforms), jar));
    // No runner but the one the example picked, no IO connector: the library brings none.
    for (String entry : resolved.split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      assertTrue(
          "unexpected " + name,
          !name.startsWith("beam-sdks-java-io-")
              && !name.startsWith("kafka")
              && (!name.startsWith("beam-runners-") || name.startsWith("beam-runners-direct-java")));
    }
    String classpath = project.resolve("target/classes") + File.pathSeparator + resolved;
    Path out = project.resolve("out");
    run(project, List.of(javaExecutable(), QUICK_START, "-cp", classpath, "example.SensorFeatures",
        out.toString()));

    // Independent figures: a reads 20+m, b reads 30-m with minute 7 missing; windows of 5 minutes.
    List<String> features = sorted(Files.readAllLines(out.resolve("features")));
    assertEquals(
        List.of(
            "a,2024-01-01T00:00:00.000Z,5,22.000,20.000,24.000",
            "a,2024-01-01T00:05:00.000Z,5,27.000,25.000,29.000",
            "b,2024-01-01T00:00:00.000Z,5,28.000,26.000,30.000",
            "b,2024-01-01T00:05:00.000Z,4,23.000,21.000,25.000"),
        features);
    assertEquals(List.of("field 'celsius' is null"), Files.readAllLines(out.resolve("dead-letters")));
  }

  /** The module's pom without parent: coordinates and compile dependencies with versions. */
  private static String flattenedPom(String modulePom) {
    StringBuilder dependencies = new StringBuilder();
    Matcher m =
        Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(modulePom);
    while (m.find()) {
      String dependency = m.group(1);
      if (dependency.contains("<scope>test</scope>")) {
        continue;
      }
      String groupId = tag(dependency, "groupId");
      String artifactId = tag(dependency, "artifactId");
      String property = VERSIONS.get(groupId + ":" + artifactId);
      assertTrue(
          "EmbeddingIT knows no version property for " + groupId + ":" + artifactId
              + "; add it to VERSIONS and the failsafe configuration",
          property != null);
      dependencies.append(
          String.format(
              "    <dependency><groupId>%s</groupId><artifactId>%s</artifactId>"
                  + "<version>%s</version></dependency>%n",
              groupId, artifactId, property(property)));
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n"
        + "  <modelVersion>4.0.0</modelVersion>\n"
        + "  <groupId>dev.streamml</groupId>\n"
        + "  <artifactId>streamml-transforms</artifactId>\n"
        + "  <version>" + IT_VERSION + "</version>\n"
        + "  <dependencies>\n" + dependencies + "  </dependencies>\n"
        + "</project>\n";
  }

  private static String tag(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">\\s*([^<]+?)\\s*</" + name + ">").matcher(xml);
    assertTrue("<" + name + "> in " + xml, m.find());
    return m.group(1);
  }

  private static List<String> sorted(List<String> lines) {
    List<String> copy = new ArrayList<>(lines);
    copy.sort(Comparator.naturalOrder());
    return copy;
  }

  private static String block(String doc, String language) {
    Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertTrue("docs/embedding.md has a ```" + language + " block", m.find());
    return m.group(1);
  }

  private static void mvn(Path dir, String... goals) throws Exception {
    List<String> command = new ArrayList<>();
    String home = System.getProperty("maven.home");
    command.add(home == null || home.isEmpty() ? "mvn" : home + "/bin/mvn");
    command.addAll(List.of("-B", "-q", "-ntp", "-Dstyle.color=never"));
    String localRepo = System.getProperty("maven.repo.local");
    if (localRepo != null && !localRepo.isEmpty()) {
      command.add("-Dmaven.repo.local=" + localRepo);
    }
    command.addAll(List.of(goals));
    run(dir, command);
  }

  private static void run(Path dir, List<String> command) throws Exception {
    Path log = Files.createTempFile(WORK, "run-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().merge("MAVEN_OPTS", QUICK_START, (old, quick) -> old + " " + quick);
    Process process =
        builder
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in time");
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(
          String.join(" ", command).replaceAll("-cp \\S+", "-cp ...")
              + " exited "
              + process.exitValue()
              + ":\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalStateException(name + " is not set: run through failsafe (mvn verify)");
    }
    return value;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
