package dev.streamml.pipelines.runners;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The packaged flink-conf.yaml reaches Flink as a configuration folder. */
public class FlinkConfDirTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void writesThePackagedFileOnceIntoAFolderNamedAfterIt() throws Exception {
    Path first = FlinkConfDir.materializedUnder(tmp.getRoot().toPath());
    Path second = FlinkConfDir.materializedUnder(tmp.getRoot().toPath());

    assertEquals(first, second);
    assertArrayEquals(
        FlinkConfDir.packagedContent(), Files.readAllBytes(first.resolve(FlinkConfDir.FILE_NAME)));
    try (var files = Files.list(first)) {
      assertEquals("no partial files left", 1, files.count());
    }
    assertNotEquals(tmp.getRoot().toPath(), first);
  }

  /** Read the way Beam's Flink runner reads it (GlobalConfiguration), not by our own parser. */
  @Test
  public void flinkReadsTheBufferTimeoutFromIt() {
    Path dir = FlinkConfDir.materializedUnder(tmp.getRoot().toPath());

    Configuration configuration = GlobalConfiguration.loadConfiguration(dir.toString());

    assertEquals(Duration.ofMillis(5), configuration.get(ExecutionOptions.BUFFER_TIMEOUT));
  }
}
