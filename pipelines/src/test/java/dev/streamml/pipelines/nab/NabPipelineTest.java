package dev.streamml.pipelines.nab;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.streamml.anomaly.AnomalyDetector;
import dev.streamml.anomaly.detectors.KnnConformalDetector;
import dev.streamml.eval.nab.NabProfile;
import dev.streamml.eval.nab.NabResult;
import dev.streamml.eval.nab.NabSeries;
import dev.streamml.eval.nab.NabWindow;
import dev.streamml.pipelines.runners.RunnerProfiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The NAB pipeline gives exactly what a plain loop gives (score then learn, row by row, a fresh
 * knn-conformal detector per file), on two real NAB series, one of which repeats a timestamp and
 * steps back in time: the same score for every row, and so the same NAB scores for the three
 * profiles. Runs on the Direct runner and on embedded Flink.
 */
public class NabPipelineTest {
  private static final List<String> SERIES =
      List.of(
          "realKnownCause/ec2_request_latency_system_failure.csv",
          "realKnownCause/rogue_agent_key_hold.csv");

  private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @ClassRule public static final TemporaryFolder TEMPORARY = new TemporaryFolder();

  private static Path root;
  private static List<NabSeries> plainLoop;

  @BeforeClass
  public static void copySeriesAndScoreThemInAPlainLoop() throws Exception {
    Path bundled = NabTestFolder.bundled();
    NabTestFolder nab = NabTestFolder.in(TEMPORARY.newFolder("nab").toPath());
    // The real labels file: it names many files that are not here, which must not matter.
    nab.labels(Files.readString(bundled.resolve(NabDataSet.LABELS)));
    plainLoop = new ArrayList<>();
    for (String name : SERIES) {
      String csv = Files.readString(bundled.resolve("data").resolve(name), StandardCharsets.UTF_8);
      nab.file(name, csv);
      plainLoop.add(plainLoop(name, csv, NabDataSet.load(bundled).files()));
    }
    root = nab.root();
  }

  @Test
  public void directRunnerScoresEqualThePlainLoop() throws Exception {
    assertEqualsPlainLoop("direct", List.of("--blockOnRun=false"));
  }

  @Test
  public void flinkRunnerScoresEqualThePlainLoop() throws Exception {
    assertEqualsPlainLoop("flink", List.of());
  }

  private static void assertEqualsPlainLoop(String runner, List<String> args) throws Exception {
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs(RunnerProfiles.resolve(runner, args)).create();
    Path out = TEMPORARY.newFolder("out-" + runner).toPath();
    NabDataSet data = NabDataSet.load(root);

    NabBenchmark.Outcome outcome =
        NabBenchmark.run(data, "knn-conformal", out, options, new NabBenchmark.Progress());

    assertEquals(SERIES.size(), outcome.series().size());
    for (int i = 0; i < SERIES.size(); i++) {
      NabSeries expected = plainLoop.get(i);
      NabSeries actual = outcome.series().get(i);
      assertEquals(expected.getName(), actual.getName());
      assertArrayEquals(expected.getTimestamps(), actual.getTimestamps());
      assertArrayEquals(
          runner + ": scores of " + expected.getName(),
          expected.getScores(),
          actual.getScores(),
          0.0);
      assertTrue(
          Files.isRegularFile(
              out.resolve("realKnownCause")
                  .resolve("knn-conformal_" + SERIES.get(i).split("/")[1])));
    }
    Map<NabProfile, NabResult> expected = NabBenchmark.grade(plainLoop);
    for (NabProfile profile : NabProfile.standardProfiles()) {
      NabResult want = expected.get(profile);
      NabResult got = outcome.result(profile);
      assertEquals(profile.getName(), want.getNormalizedScore(), got.getNormalizedScore(), 0.0);
      assertEquals(profile.getName(), want.getRawScore(), got.getRawScore(), 0.0);
      assertEquals(profile.getName(), want.getThreshold(), got.getThreshold(), 0.0);
    }
  }

  /**
   * The series as NAB's scorer sees it, scored by a plain loop over the CSV rows; windows from the
   * bundled data set's reading of the labels.
   */
  private static NabSeries plainLoop(String name, String csv, List<NabDataFile> bundledFiles) {
    List<String> lines = csv.lines().skip(1).filter(line -> !line.isBlank()).toList();
    long[] timestamps = new long[lines.size()];
    double[] scores = new double[lines.size()];
    AnomalyDetector detector = KnnConformalDetector.create();
    for (int row = 0; row < lines.size(); row++) {
      String[] cells = lines.get(row).split(",");
      timestamps[row] = LocalDateTime.parse(cells[0], NAB).toInstant(ZoneOffset.UTC).toEpochMilli();
      double[] point = {Double.parseDouble(cells[1])};
      scores[row] = detector.score(point);
      detector.learn(point);
    }
    List<NabWindow> windows =
        bundledFiles.stream()
            .filter(file -> file.name().equals(name))
            .findFirst()
            .orElseThrow()
            .windows();
    assertTrue(name + " has labelled windows", !windows.isEmpty());
    return NabSeries.of(name, timestamps, scores, windows);
  }
}
