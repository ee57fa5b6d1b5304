package dev.streamml.pipelines.runners;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class BundledJarTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void localFlinkAndDirectAreLeftAlone() {
    String[] local = {"--runner=FlinkRunner", "--flinkMaster=[local]"};
    assertArrayEquals(local, BundledJar.checkedForCluster(local));
    String[] direct = {"--runner=DirectRunner", "--flinkMaster=host:1"};
    assertArrayEquals(direct, BundledJar.checkedForCluster(direct));
    String[] auto = {"--runner=FlinkRunner"};
    assertArrayEquals(auto, BundledJar.checkedForCluster(auto));
  }

  @Test
  public void aMissingJarIsRefusedNamingTheOptionAndTheBuild() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BundledJar.checkedForCluster(
                    new String[] {
                      "--runner=FlinkRunner",
                      "--flinkMaster=127.0.0.1:8081",
                      "--filesToStage=" + tmp.getRoot().toPath().resolve("nope.jar")
                    }));
    assertThat(e.getMessage(), containsString("invalid --filesToStage"));
    assertThat(e.getMessage(), containsString("not found"));
    assertThat(e.getMessage(), containsString(BundledJar.BUILD_COMMAND));
  }

  @Test
  public void aJarOlderThanTheClassesIsRefused() throws Exception {
    Path jar = tmp.newFile("bundle.jar").toPath();
    Path clazz = tmp.newFile("Newer.class").toPath();
    Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000_000_000L));
    Files.setLastModifiedTime(clazz, FileTime.fromMillis(1_000_000_060_000L));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> BundledJar.checkFresh(jar, Optional.of(clazz)));
    assertThat(e.getMessage(), containsString("invalid --filesToStage"));
    assertThat(e.getMessage(), containsString("older than the compiled class"));
    assertThat(e.getMessage(), containsString("stale code"));
  }

  @Test
  public void aFreshJarIsStagedByItsAbsolutePath() throws Exception {
    Path jar = tmp.newFile("bundle.jar").toPath();
    Path clazz = tmp.newFile("Older.class").toPath();
    Files.setLastModifiedTime(clazz, FileTime.fromMillis(1_000_000_000_000L));
    Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000_060_000L));
    BundledJar.checkFresh(jar, Optional.of(clazz)); // no exception
    BundledJar.checkFresh(jar, Optional.empty()); // run from jars: nothing to compare
    // Touch the jar after every class of this build, so the real check passes too.
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    List<String> args =
        Arrays.asList(
            BundledJar.checkedForCluster(
                new String[] {
                  "--runner=FlinkRunner", "--flinkMaster=127.0.0.1:8081", "--filesToStage=" + jar
                }));
    assertEquals("--filesToStage=" + jar.toAbsolutePath(), args.get(args.size() - 1));
    assertTrue(args.contains("--flinkMaster=127.0.0.1:8081"));
  }
}
