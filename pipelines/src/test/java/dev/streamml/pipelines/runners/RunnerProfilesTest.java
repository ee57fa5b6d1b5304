package dev.streamml.pipelines.runners;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

/** Runner names map to the option files of runners-config/runners. */
public class RunnerProfilesTest {

  @Test
  public void directIsTheDefaultProfile() {
    List<String> args = Arrays.asList(RunnerProfiles.resolve(RunnerProfiles.DEFAULT, List.of()));
    assertThat(args, hasItem("--runner=DirectRunner"));
  }

  @Test
  public void flinkMeansTheEmbeddedMiniCluster() {
    List<String> args = Arrays.asList(RunnerProfiles.resolve("flink", List.of()));
    assertThat(args, hasItem("--runner=FlinkRunner"));
    assertThat(args, hasItem("--flinkMaster=[local]"));
  }

  @Test
  public void userArgumentsOverrideTheProfile() {
    List<String> args =
        Arrays.asList(RunnerProfiles.resolve("flink", List.of("--parallelism=3", "--x=y")));
    assertThat(args, hasItem("--parallelism=3"));
    assertThat(args, not(hasItem("--parallelism=1")));
    assertThat(args, hasItem("--x=y"));
  }

  @Test
  public void aRunnerArgumentPicksTheProfile() {
    List<String> args =
        Arrays.asList(RunnerProfiles.resolve("direct", List.of("--runner=FlinkRunner")));
    assertThat(args, hasItem("--flinkMaster=[local]"));
  }

  @Test
  public void everyProfileFileIsPackaged() {
    for (String profile : new String[] {"direct", "flink-local", "flink-cluster", "dataflow"}) {
      assertThat(RunnerProfiles.profileArgs(profile), not(List.of()));
    }
  }

  /**
   * A Flink operator holds the watermark while its bundle is open; with Beam's 1 s bundles a
   * steady stream held event-time results back for seconds (docs/benchmarks.md, Latency).
   */
  @Test
  public void flinkProfilesKeepBundlesShortSoTheWatermarkMoves() {
    for (String profile : new String[] {"flink-local", "flink-cluster"}) {
      assertThat(RunnerProfiles.profileArgs(profile), hasItem("--maxBundleTimeMills=20"));
      assertThat(RunnerProfiles.profileArgs(profile), hasItem("--autoWatermarkInterval=10"));
    }
  }

  @Test
  public void flinkRunnersGetThePackagedFlinkConfiguration() {
    for (String runner : new String[] {"flink", "flink-cluster"}) {
      List<String> args =
          Arrays.asList(
              RunnerProfiles.resolve(
                  runner, List.of(STAGED), () -> Optional.of("127.0.0.1:1"), Optional::empty));
      assertThat(args, hasItem("--flinkConfDir=" + FlinkConfDir.materialized()));
    }
    assertTrue(
        Arrays.stream(RunnerProfiles.resolve("direct", List.of()))
            .noneMatch(a -> a.startsWith("--flinkConfDir")));
  }

  @Test
  public void aGivenFlinkConfDirOrFlinkConfDirVariableWins() {
    List<String> given =
        Arrays.asList(
            RunnerProfiles.resolve(
                "flink", List.of("--flinkConfDir=/etc/flink"), Optional::empty, Optional::empty));
    assertThat(given, hasItem("--flinkConfDir=/etc/flink"));
    assertEquals(1, given.stream().filter(a -> a.startsWith("--flinkConfDir")).count());

    List<String> fromVariable =
        Arrays.asList(
            RunnerProfiles.resolve(
                "flink", List.of(), Optional::empty, () -> Optional.of("/etc/flink")));
    // Beam reads FLINK_CONF_DIR itself when no --flinkConfDir is given.
    assertTrue(fromVariable.stream().noneMatch(a -> a.startsWith("--flinkConfDir")));
  }

  @Test
  public void unknownRunnerNamesTheAcceptedOnes() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> RunnerProfiles.profileOf("spark"));
    assertEquals(
        "invalid --runner: unknown runner 'spark'; accepted: " + RunnerProfiles.ACCEPTED, error.getMessage());
  }

  // flink-cluster stages the bundled jar, which must exist and be fresh; --filesToStage points at
  // a file the checks accept so these tests need no bundle build.
  private static final String STAGED = "--filesToStage=" + freshJar();

  @Test
  public void flinkClusterWithoutMasterUsesTheRecordedCluster() {
    List<String> args =
        Arrays.asList(
            RunnerProfiles.resolve(
                "flink-cluster",
                List.of(STAGED),
                () -> Optional.of("127.0.0.1:38211"),
                Optional::empty));
    assertThat(args, hasItem("--flinkMaster=127.0.0.1:38211"));
    assertEquals(1, args.stream().filter(a -> a.startsWith("--flinkMaster")).count());
  }

  @Test
  public void aGivenFlinkMasterWinsAndTheRecordIsNotRead() {
    AtomicInteger lookups = new AtomicInteger();
    List<String> args =
        Arrays.asList(
            RunnerProfiles.resolve(
                "flink-cluster",
                List.of("--flinkMaster=10.0.0.5:8081", STAGED),
                () -> {
                  lookups.incrementAndGet();
                  return Optional.of("127.0.0.1:38211");
                },
                Optional::empty));
    assertThat(args, hasItem("--flinkMaster=10.0.0.5:8081"));
    assertThat(args, not(hasItem("--flinkMaster=127.0.0.1:38211")));
    assertEquals(0, lookups.get());
  }

  @Test
  public void flinkClusterWithoutMasterOrRecordIsAUsageErrorNamingFlinkMaster() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RunnerProfiles.resolve(
                    "flink-cluster", List.of(STAGED), Optional::empty, Optional::empty));
    assertEquals(
        "invalid --flinkMaster: not given, and no running Flink cluster is recorded in"
            + " .streamml/flink/cluster.properties; start one with ./streamml flink start, or pass"
            + " --flinkMaster=HOST:PORT",
        error.getMessage());
  }

  @Test
  public void otherRunnersNeverLookForACluster() {
    for (String runner : new String[] {"direct", "flink", "FlinkRunner"}) {
      List<String> args =
          Arrays.asList(
              RunnerProfiles.resolve(
                  runner,
                  List.of(),
                  () -> {
                    throw new AssertionError("looked up a cluster for " + runner);
                  },
                  Optional::empty));
      assertTrue(runner, args.stream().noneMatch(a -> a.startsWith("--flinkMaster=127")));
    }
  }

  private static String freshJar() {
    try {
      java.nio.file.Path jar = java.nio.file.Files.createTempFile("streamml-bundled", ".jar");
      jar.toFile().deleteOnExit();
      return jar.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
