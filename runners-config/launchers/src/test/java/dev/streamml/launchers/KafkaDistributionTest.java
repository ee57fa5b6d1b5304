package dev.streamml.launchers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The lookup is what every other module's broker test depends on, so its failures must guide. */
public class KafkaDistributionTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void notFoundSaysHowToBuildIt() throws IOException {
    Path cwd = tmp.newFolder("somewhere", "deep").toPath();

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> KafkaDistribution.libDir(null, null, cwd));

    assertTrue(e.getMessage(), e.getMessage().contains("mvn -q -pl runners-config/kafka-dist package"));
    assertTrue(e.getMessage(), e.getMessage().contains(KafkaDistribution.RELATIVE_LIB));
    assertTrue(e.getMessage(), e.getMessage().contains(cwd.toString()));
    assertTrue(e.getMessage(), e.getMessage().contains(KafkaDistribution.LIB_PROPERTY));
  }

  @Test
  public void propertyPointingNowhereIsAnErrorNotAFallback() throws IOException {
    // A valid tree under cwd must not be used when the explicit setting is wrong.
    Path root = fakeProject();
    String missing = root.resolve("nope").toString();

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> KafkaDistribution.libDir(missing, null, root));

    assertTrue(e.getMessage(), e.getMessage().contains(missing));
    assertTrue(e.getMessage(), e.getMessage().contains("system property " + KafkaDistribution.LIB_PROPERTY));
    assertTrue(e.getMessage(), e.getMessage().contains("mvn -q -pl runners-config/kafka-dist package"));
  }

  @Test
  public void folderWithoutBrokerJarIsRejected() throws IOException {
    Path empty = tmp.newFolder("empty-lib").toPath();

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> KafkaDistribution.libDir(null, empty.toString(), empty));

    assertTrue(e.getMessage(), e.getMessage().contains("kafka_2.13-*.jar"));
    assertTrue(e.getMessage(), e.getMessage().contains(KafkaDistribution.LIB_ENV));
  }

  @Test
  public void walksUpFromAModuleDirectory() throws IOException {
    Path root = fakeProject();
    Path module = Files.createDirectories(root.resolve("pipelines/src"));

    assertEquals(
        root.resolve(KafkaDistribution.RELATIVE_LIB).toRealPath(),
        KafkaDistribution.libDir(null, null, module).toRealPath());
  }

  @Test
  public void propertyWinsOverEnvironmentAndEnvironmentOverWalk() throws IOException {
    Path root = fakeProject();
    Path viaProperty = lib(tmp.newFolder("by-property").toPath());
    Path viaEnv = lib(tmp.newFolder("by-env").toPath());

    assertEquals(viaProperty, KafkaDistribution.libDir(viaProperty.toString(), viaEnv.toString(), root));
    assertEquals(viaEnv, KafkaDistribution.libDir(null, viaEnv.toString(), root));
    assertEquals(viaEnv, KafkaDistribution.libDir("  ", viaEnv.toString(), root));
  }

  @Test
  public void classpathIsTheJvmWildcard() {
    assertEquals("/opt/kafka/lib/*", KafkaDistribution.classpath(Path.of("/opt/kafka/lib")));
  }

  private Path fakeProject() throws IOException {
    Path root = tmp.newFolder("project").toPath();
    lib(Files.createDirectories(root.resolve(KafkaDistribution.RELATIVE_LIB)));
    return root;
  }

  private static Path lib(Path dir) throws IOException {
    Files.createFile(dir.resolve("kafka_2.13-4.3.1.jar"));
    return dir.toAbsolutePath().normalize();
  }
}
