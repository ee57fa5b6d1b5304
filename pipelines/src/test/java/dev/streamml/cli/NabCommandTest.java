package dev.streamml.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.streamml.anomaly.AnomalyDetector;
import dev.streamml.eval.nab.NabProfile;
import dev.streamml.eval.nab.NabScorer;
import dev.streamml.eval.nab.NabSeries;
import dev.streamml.eval.nab.NabWindow;
import dev.streamml.pipelines.anomaly.DetectorCatalog;
import dev.streamml.pipelines.nab.NabTestFolder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code streamml nab} end to end on two tiny NAB series (Direct runner): results files named, laid
 * out and ordered like NAB's, the three score lines equal to a plain loop graded by NAB's rules,
 * and bad files skipped with a message naming the file and line while the others are scored.
 */
public class NabCommandTest {
  private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** 80 rows, a spike at row 60 inside a window of rows 58 to 64. */
  private static final String ONE =
      NabTestFolder.series(80, row -> row == 60 ? 40.0 : 10 + Math.sin(row / 3.0));

  /**
   * 50 rows whose timestamps repeat once (rows 20 and 21) and step back once (row 30 is an hour
   * before row 29), as some NAB files do around daylight-saving changes; window rows 40 to 45.
   */
  private static final String TWO =
      NabTestFolder.series(
          50,
          row -> NabTestFolder.timestamp(row == 21 ? 20 : row == 30 ? 17 : row),
          row -> row == 42 ? -30.0 : 5 + (row % 7) * 0.25);

  private static final String LABELS =
      "{"
          + NabTestFolder.labelsEntry(
              "catA/one.csv",
              List.<String[]>of(
                  new String[] {NabTestFolder.timestamp(58), NabTestFolder.timestamp(64)}))
          + ", "
          + NabTestFolder.labelsEntry(
              "catB/two.csv",
              List.<String[]>of(
                  new String[] {NabTestFolder.timestamp(40), NabTestFolder.timestamp(45)}))
          + ", "
          + NabTestFolder.labelsEntry(
              "catC/not_here.csv",
              List.<String[]>of(
                  new String[] {NabTestFolder.timestamp(1), NabTestFolder.timestamp(2)}))
          + "}";

  @Rule public final TemporaryFolder temporary = new TemporaryFolder();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @Before
  public void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @After
  public void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  @Test
  public void scoresTwoSeriesWithTheRecommendedDetectorAndPrintsTheirNabScores() throws Exception {
    NabTestFolder nab =
        NabTestFolder.in(temporary.newFolder("nab").toPath())
            .file("catA/one.csv", ONE)
            .file("catB/two.csv", TWO)
            .labels(LABELS);
    Path results = temporary.newFolder("results").toPath();

    int exit =
        StreammlCli.execute("nab", "--data", nab.root().toString(), "--out", results.toString());

    assertEquals(stdout() + stderr(), 0, exit);
    Path one = results.resolve("catA").resolve("knn-conformal_one.csv");
    Path two = results.resolve("catB").resolve("knn-conformal_two.csv");
    List<String> oneRows = assertResultsFile(one, ONE, List.of(58, 64));
    List<String> twoRows = assertResultsFile(two, TWO, List.of(40, 45));
    try (var files = Files.walk(results)) {
      assertEquals(
          "the two results files and the report",
          3,
          files.filter(Files::isRegularFile).count());
    }
    try (var files = Files.walk(results)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("report.html")));
    }

    List<double[]> scores =
        List.of(
            plainLoop(ONE, DetectorCatalog.named("knn-conformal")),
            plainLoop(TWO, DetectorCatalog.named("knn-conformal")));
    assertEquals(column(oneRows, 2), toText(scores.get(0)));
    assertEquals(column(twoRows, 2), toText(scores.get(1)));
    assertEquals(expectedScoreLines(scores), scoreLines());
    assertThat(stdout(), containsString("streamml nab: 2 files, 130 rows"));
    assertThat(stderr(), not(containsString("skipped")));
  }

  @Test
  public void aBadFileIsSkippedWithFileAndLineAndTheOtherIsStillScored() throws Exception {
    String badRow =
        "timestamp,value\n"
            + NabTestFolder.timestamp(0)
            + ",1.0\n"
            + NabTestFolder.timestamp(1)
            + ",2.0\n"
            + NabTestFolder.timestamp(2)
            + ",three\n"
            + NabTestFolder.timestamp(3)
            + ",4.0\n";
    NabTestFolder nab =
        NabTestFolder.in(temporary.newFolder("nab").toPath())
            .file("catA/one.csv", ONE)
            .file("catB/bad_row.csv", badRow)
            .file(
                "catB/wrong_header.csv", "time,value,extra\n" + NabTestFolder.timestamp(0) + ",1\n")
            .file("catB/empty.csv", "")
            .labels(LABELS);
    Path results = temporary.newFolder("results").toPath();

    int exit =
        StreammlCli.execute(
            "nab",
            "--data",
            nab.root().toString(),
            "--out",
            results.toString(),
            "--detector",
            "zscore");

    assertEquals("a file was skipped: " + stdout() + stderr(), StreammlCli.FAILURE, exit);
    Path badFolder = nab.root().resolve("data").resolve("catB");
    assertThat(
        stderr(),
        containsString(
            "streamml nab: skipped "
                + badFolder.resolve("bad_row.csv")
                + ", line 4: 'three' is not a finite decimal number"));
    assertThat(
        stderr(),
        containsString(
            "streamml nab: skipped "
                + badFolder.resolve("wrong_header.csv")
                + ", line 1: expected the header 'timestamp,value'"));
    assertThat(
        stderr(),
        containsString(
            "streamml nab: skipped " + badFolder.resolve("empty.csv") + ": the file is empty"));

    assertResultsFile(results.resolve("catA").resolve("zscore_one.csv"), ONE, List.of(58, 64));
    assertFalse(Files.exists(results.resolve("catB")));
    assertEquals(
        expectedScoreLines(List.of(plainLoop(ONE, DetectorCatalog.named("zscore")))), scoreLines());
    assertThat(stdout(), containsString("streamml nab: 1 files, 80 rows"));
  }

  @Test
  public void anUnknownDetectorIsAUsageErrorBeforeAnythingRuns() throws Exception {
    int exit =
        StreammlCli.execute(
            "nab", "--data", temporary.getRoot().toString(), "--out", "x", "--detector", "lof");
    assertEquals(StreammlCli.USAGE, exit);
    assertThat(
        stderr(),
        containsString(
            "streamml: invalid --detector: unknown detector 'lof'; accepted: knn-conformal,"
                + " zscore, robust-zscore, iqr, hst, ensemble"));
  }

  @Test
  public void aFolderWithoutNabLayoutIsAUsageError() throws Exception {
    int exit = StreammlCli.execute("nab", "--data", temporary.getRoot().toString(), "--out", "x");
    assertEquals(StreammlCli.USAGE, exit);
    assertThat(
        stderr(), containsString("no folder " + temporary.getRoot().toPath().resolve("data")));
  }

  /**
   * Checks a results file against its data: header, one row per data row in data order with the
   * data's text, NAB's label (1 from the window's first to last row, by time) and a score in [0,
   * 1]. Returns the rows after the header.
   */
  private static List<String> assertResultsFile(Path file, String csv, List<Integer> window)
      throws Exception {
    assertTrue(file + " written", Files.isRegularFile(file));
    List<String> lines = Files.readAllLines(file);
    assertEquals("timestamp,value,anomaly_score,label", lines.get(0));
    List<String> data = csv.lines().skip(1).toList();
    List<String> rows = lines.subList(1, lines.size());
    assertEquals(file + " rows", data.size(), rows.size());
    long start = millis(NabTestFolder.timestamp(window.get(0)));
    long end = millis(NabTestFolder.timestamp(window.get(1)));
    for (int i = 0; i < data.size(); i++) {
      String[] cells = rows.get(i).split(",");
      assertEquals(file + " row " + i, data.get(i), cells[0] + "," + cells[1]);
      double score = Double.parseDouble(cells[2]);
      assertTrue(file + " row " + i + " score " + score, score >= 0 && score <= 1);
      long t = millis(cells[0]);
      assertEquals(file + " row " + i + " label", t >= start && t <= end ? "1" : "0", cells[3]);
    }
    return rows;
  }

  private static double[] plainLoop(String csv, AnomalyDetector detector) {
    List<String> rows = csv.lines().skip(1).toList();
    double[] scores = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      double[] point = {Double.parseDouble(rows.get(i).split(",")[1])};
      scores[i] = detector.score(point);
      detector.learn(point);
    }
    return scores;
  }

  /** The three lines the command must print for these scores of ONE and TWO (in that order). */
  private static List<String> expectedScoreLines(List<double[]> scores) {
    List<NabSeries> corpus = new ArrayList<>();
    String[] csvs = {ONE, TWO};
    String[] names = {"catA/one.csv", "catB/two.csv"};
    int[][] windows = {{58, 64}, {40, 45}};
    for (int i = 0; i < scores.size(); i++) {
      long[] timestamps =
          csvs[i].lines().skip(1).mapToLong(row -> millis(row.split(",")[0])).toArray();
      corpus.add(
          NabSeries.of(
              names[i],
              timestamps,
              scores.get(i),
              List.of(
                  NabWindow.of(
                      millis(NabTestFolder.timestamp(windows[i][0])),
                      millis(NabTestFolder.timestamp(windows[i][1]))))));
    }
    List<String> lines = new ArrayList<>();
    for (NabProfile profile : NabProfile.standardProfiles()) {
      double score = NabScorer.create().score(corpus, profile).getNormalizedScore();
      lines.add(String.format(Locale.ROOT, "NAB %s: %.2f", profile.getName(), score));
    }
    assertEquals(
        List.of("NAB standard: ", "NAB reward_low_FP_rate: ", "NAB reward_low_FN_rate: "),
        lines.stream().map(line -> line.substring(0, line.indexOf(": ") + 2)).toList());
    return lines;
  }

  private List<String> scoreLines() {
    return stdout().lines().filter(line -> line.startsWith("NAB ")).collect(Collectors.toList());
  }

  private static List<String> column(List<String> rows, int index) {
    return rows.stream().map(row -> row.split(",")[index]).toList();
  }

  private static List<String> toText(double[] scores) {
    List<String> text = new ArrayList<>();
    for (double score : scores) {
      text.add(String.valueOf(score));
    }
    return text;
  }

  private static long millis(String timestamp) {
    return LocalDateTime.parse(timestamp, NAB).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
