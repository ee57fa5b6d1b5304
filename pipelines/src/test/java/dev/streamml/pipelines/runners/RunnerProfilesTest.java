package dev.streamml.pipelines.runners;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Arrays;
import java.util.List;
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
   * Beam 2.70's Flink runner forwards a watermark only while no bundle is open; with 1 s bundles a
   * steady stream held event-time results back indefinitely (docs/benchmarks.md, Latency).
   */
  @Test
  public void flinkProfilesKeepBundlesShortSoTheWatermarkMoves() {
    for (String profile : new String[] {"flink-local", "flink-cluster"}) {
      assertThat(RunnerProfiles.profileArgs(profile), hasItem("--maxBundleTimeMills=20"));
      assertThat(RunnerProfiles.profileArgs(profile), hasItem("--autoWatermarkInterval=10"));
    }
  }

  @Test
  public void unknownRunnerNamesTheAcceptedOnes() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> RunnerProfiles.profileOf("spark"));
    assertEquals(
        "invalid --runner: unknown runner 'spark'; accepted: " + RunnerProfiles.ACCEPTED, error.getMessage());
  }
}
