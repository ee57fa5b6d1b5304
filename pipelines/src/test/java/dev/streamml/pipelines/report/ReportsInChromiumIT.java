package dev.streamml.pipelines.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.streamml.cli.StreammlCli;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The {@code nab}, {@code prequential} and {@code bench} reports, written by the real commands, and
 * the {@code sessions} report, opened in real
 * headless Chromium: every chart is in the DOM after the page's script ran, the script saw no
 * error, and a screenshot (under {@code target/report-screenshots/}) shows more than a blank page.
 */
public class ReportsInChromiumIT {
  private static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
  private static final Pattern CHARTS = Pattern.compile("data-charts=\"(\\d+)\"");

  @Rule public final TemporaryFolder temporary = new TemporaryFolder();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream originalOut;

  @Before
  public void capture() {
    originalOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @After
  public void restore() {
    System.setOut(originalOut);
  }

  @Test
  public void nabReportShowsEverySeriesWithScoresThresholdAndWindows() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.find();
    Path nab = temporary.newFolder("nab").toPath();
    Path bundled = Path.of("..", "data", "nab");
    Files.createDirectories(nab.resolve("data/realKnownCause"));
    Files.createDirectories(nab.resolve("labels"));
    for (String name : new String[] {"nyc_taxi.csv", "ambient_temperature_system_failure.csv"}) {
      Files.copy(
          bundled.resolve("data/realKnownCause").resolve(name),
          nab.resolve("data/realKnownCause").resolve(name));
    }
    Files.copy(
        bundled.resolve("labels/combined_windows.json"),
        nab.resolve("labels/combined_windows.json"));
    Path results = temporary.newFolder("results").toPath();

    int exit =
        StreammlCli.execute(
            "nab", "--data", nab.toString(), "--out", results.toString(), "--detector", "zscore");

    assertEquals(stdout(), 0, exit);
    Path report = results.resolve(NabReport.FILE_NAME);
    assertThat(stdout(), containsString("report: " + report.toAbsolutePath().normalize()));
    String dom = chromium.dumpDom(report, temporary.getRoot().toPath());
    // Two series, a values chart and a scores chart each.
    assertEquals(4, chartsRendered(dom));
    assertThat(dom, not(containsString("data-script-errors")));
    assertEquals(4, count(dom, "<svg class=\"chart\""));
    assertEquals("one threshold line per scores chart", 2, count(dom, "class=\"threshold\""));
    // nyc_taxi has 5 labelled windows, ambient_temperature 2; each shaded in both charts.
    assertEquals(2 * (5 + 2), count(dom, "class=\"band\""));
    assertThat("detections marked", count(dom, "class=\"point\""), greaterThan(0));
    assertThat(dom, containsString("nyc_taxi"));
    assertScreenshot(chromium, report, "nab-report.png");
  }

  @Test
  public void prequentialReportShowsAccuracyKappaAndDrift() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.find();
    Path csv = driftingCsv(temporary.newFile("drift.csv").toPath());
    Path report = temporary.getRoot().toPath().resolve("reports/prequential.html");

    int exit =
        StreammlCli.execute(
            "prequential", "--csv", csv.toString(), "--label", "y", "--features", "raw",
            "--report", report.toString());

    assertEquals(stdout(), 0, exit);
    String dom = chromium.dumpDom(report, temporary.getRoot().toPath());
    assertEquals(2, chartsRendered(dom));
    assertThat(dom, not(containsString("data-script-errors")));
    assertThat(dom, containsString("Accuracy over time"));
    assertThat(dom, containsString("kappa over time"));
    assertThat("the concept flip is marked", count(dom, "class=\"marker\""), greaterThan(0));
    assertScreenshot(chromium, report, "prequential-report.png");
  }

  @Test
  public void benchReportShowsThroughputAndLatency() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.find();
    Path lines = temporary.newFile("bench.txt").toPath();
    Files.writeString(
        lines,
        String.join(
            "\n",
            "bench pipeline=anomaly runner=flink events=20000 events_per_s=9000 baseline_events_per_s=6000 ratio=1.500",
            "bench pipeline=anomaly runner=flink events=20000 events_per_s=8000 baseline_events_per_s=6000 ratio=1.333",
            "bench pipeline=anomaly runner=direct events=20000 events_per_s=3000 baseline_events_per_s=6000 ratio=0.500",
            "latency pipeline=anomaly runner=flink rate=500 p50_ms=40 p99_ms=180 p999_ms=250",
            ""));
    Path report = temporary.getRoot().toPath().resolve("reports/bench.html");

    int exit = StreammlCli.execute("bench", "--report", lines.toString(), "--html", report.toString());

    assertEquals(stdout(), 0, exit);
    String dom = chromium.dumpDom(report, temporary.getRoot().toPath());
    assertEquals(2, chartsRendered(dom));
    assertThat(dom, not(containsString("data-script-errors")));
    assertThat(dom, containsString("1.417")); // median ratio of the two flink runs, by hand
    assertThat(dom, containsString("anomaly direct"));
    assertScreenshot(chromium, report, "bench-report.png");
  }

  @Test
  public void sessionsReportShowsDurationAndRateDistributionsAndTraffic() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.find();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.List<com.fasterxml.jackson.databind.JsonNode> sessions = new java.util.ArrayList<>();
    Random random = new Random(3);
    for (int i = 0; i < 300; i++) {
      double minutes = random.nextDouble() * 40;
      int requests = 1 + random.nextInt(30);
      sessions.add(
          json.readTree(
              String.format(
                  Locale.ROOT,
                  "{\"duration_s\": %s, \"requests\": %d, \"requests_per_minute\": %s}",
                  minutes * 60, requests, requests / Math.max(1, minutes))));
    }
    java.util.List<com.fasterxml.jackson.databind.JsonNode> traffic = new java.util.ArrayList<>();
    for (int m = 0; m < 60; m++) {
      traffic.add(
          json.readTree(
              String.format(
                  Locale.ROOT,
                  "{\"window_start\": \"1995-07-01T04:%02d:00Z\", \"requests_per_s\": %s, \"error_ratio\": %s}",
                  m, 1 + random.nextDouble(), random.nextDouble() / 10)));
    }
    Path report = temporary.getRoot().toPath().resolve("reports/sessions.html");

    SessionsReport.write(sessions, traffic, 4, "synthetic", report);

    String dom = chromium.dumpDom(report, temporary.getRoot().toPath());
    assertEquals(4, chartsRendered(dom));
    assertThat(dom, not(containsString("data-script-errors")));
    assertThat(dom, containsString("Session duration"));
    assertThat(dom, containsString("300 sessions closed"));
    assertScreenshot(chromium, report, "sessions-report.png");
  }

  /** 4,000 rows; y = x1 > 0.5 for the first half, the opposite after: one abrupt drift. */
  private static Path driftingCsv(Path file) throws Exception {
    Random random = new Random(7);
    StringBuilder text = new StringBuilder("x1,x2,y\n");
    for (int i = 0; i < 4000; i++) {
      double x1 = random.nextDouble();
      double x2 = random.nextDouble();
      int y = (x1 > 0.5) == (i < 2000) ? 1 : 0;
      text.append(String.format(Locale.ROOT, "%s,%s,%d%n", x1, x2, y));
    }
    Files.writeString(file, text.toString());
    return file;
  }

  private void assertScreenshot(HeadlessChromium chromium, Path report, String name)
      throws Exception {
    Path png = SCREENSHOTS.resolve(name);
    Files.deleteIfExists(png);
    chromium.screenshot(report, png, 1100, 1400, temporary.getRoot().toPath());
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1100, image.getWidth());
    long inked = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) {
          inked++;
        }
      }
    }
    assertTrue("the screenshot " + png + " is not blank", inked > 10_000);
  }

  private static int chartsRendered(String dom) {
    Matcher m = CHARTS.matcher(dom);
    assertTrue("the page script ran and counted the charts", m.find());
    return Integer.parseInt(m.group(1));
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      n++;
    }
    return n;
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }
}
