package dev.streamml.launchers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Parts of {@link LocalKafkaBroker} that need no broker. */
public class LocalKafkaBrokerTest {

  private static final Pattern URL_SAFE_BASE64_22 = Pattern.compile("[A-Za-z0-9_-]{22}");

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void clusterIdHasKafkasUuidFormat() {
    // Enough ids that about 1 in 64 would start with '-' if the generator did not prevent it.
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      String id = LocalKafkaBroker.newClusterId();
      assertTrue(id, URL_SAFE_BASE64_22.matcher(id).matches());
      assertFalse("an id starting with '-' looks like an option to StorageTool: " + id, id.startsWith("-"));
      assertEquals(id, 16, Base64.getUrlDecoder().decode(id).length);
      assertTrue("duplicate cluster id " + id, seen.add(id));
    }
  }

  @Test
  public void heapMustBeAnXmxValue() {
    LocalKafkaBroker.builder().heap("512m").heap("1g").heap("2048");
    assertThrows(IllegalArgumentException.class, () -> LocalKafkaBroker.builder().heap("1 GB"));
    assertThrows(IllegalArgumentException.class, () -> LocalKafkaBroker.builder().heap("-Xmx1g"));
    assertThrows(IllegalArgumentException.class, () -> LocalKafkaBroker.builder().heap(""));
  }

  @Test
  public void extraConfigRejectsKeysThatWouldBreakTheFile() {
    assertThrows(IllegalArgumentException.class, () -> LocalKafkaBroker.builder().extraConfig(" ", "x"));
    assertThrows(
        IllegalArgumentException.class, () -> LocalKafkaBroker.builder().extraConfig("a\nb", "x"));
  }

  @Test
  public void freePortsAreDistinctAndBindable() {
    int[] ports = LocalKafkaBroker.freePorts(2);
    assertNotEquals(ports[0], ports[1]);
    assertFalse("nothing should listen on a port just reported free", LocalKafkaBroker.accepts(ports[0]));
  }

  @Test
  public void refusesToWipeADataDirThatIsNotKafkas() throws IOException {
    // A mistyped --dir must never lead to deleting someone's files.
    Path dir = tmp.newFolder("precious").toPath();
    Path file = Files.writeString(
        Files.createDirectories(dir.resolve(LocalKafkaBroker.KAFKA_LOG_DIR)).resolve("notes.txt"), "keep");
    Path lib = Files.createDirectories(tmp.getRoot().toPath().resolve("lib"));
    Files.createFile(lib.resolve("kafka_2.13-4.3.1.jar"));

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> LocalKafkaBroker.builder().dataDir(dir).libDir(lib).start());

    assertTrue(e.getMessage(), e.getMessage().contains("refusing to delete"));
    assertTrue(Files.exists(file));
  }
}
