package dev.streamml.pipelines.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/** The SVG text of charts and the HTML of reports, without a browser. */
public class SvgChartTest {

  @Test
  public void longLineIsThinnedButKeepsItsSpike() {
    int n = 100_000;
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = i;
      ys[i] = i == 54_321 ? 50.0 : Math.sin(i / 100.0);
    }
    String svg = SvgChart.create("long").line("v", xs, ys).toSvg();
    String path = pathOf(svg);
    int vertices = path.split("[ML]").length - 1;
    assertThat("at most 4 vertices per column", vertices, lessThan(4 * SvgChart.MAX_COLUMNS + 8));
    // y range: -1 .. 50 plus 5% padding; the spike is the topmost point, at the top pad line.
    double top = minY(path);
    assertEquals(40 + (272 - 40 - 36) * (0.05 * 51 / (51 * 1.1)), top, 0.2);
  }

  @Test
  public void nonFiniteValuesBreakTheLine() {
    String svg =
        SvgChart.create("gap")
            .line("v", new double[] {0, 1, 2, 3, 4}, new double[] {1, 2, Double.NaN, 2, 1})
            .toSvg();
    assertEquals("two pen-downs", 2, pathOf(svg).chars().filter(c -> c == 'M').count());
  }

  @Test
  public void textIsEscaped() {
    String svg =
        SvgChart.create("<script>alert(1)</script>")
            .line("a&b", new double[] {0, 1}, new double[] {0, 1})
            .toSvg();
    assertThat(svg, not(containsString("<script>")));
    assertThat(svg, containsString("&lt;script&gt;"));
    assertThat(svg, containsString("a&amp;b"));
  }

  @Test
  public void ticksAreRoundNumbersInsideTheRange() {
    assertEquals(List.of(0.0, 20.0, 40.0, 60.0, 80.0, 100.0), SvgChart.ticks(0, 100, 5));
    assertEquals(List.of(0.5, 1.0, 1.5), SvgChart.ticks(0.3, 1.7, 3));
  }

  @Test
  public void markersBandsAndThresholdsAreDrawn() {
    String svg =
        SvgChart.create("all")
            .yRange(0, 1)
            .band(1, 2, "window")
            .line("score", new double[] {0, 1, 2, 3}, new double[] {0.1, 0.2, 0.9, 0.1})
            .points("detections", new double[] {2}, new double[] {0.9})
            .horizontal(0.5, "threshold")
            .vertical(2.5, "drift at 2.5")
            .toSvg();
    assertThat(svg, containsString("class=\"band\""));
    assertThat(svg, containsString("class=\"point\""));
    assertThat(svg, containsString("class=\"threshold\""));
    assertThat(svg, containsString("class=\"marker\""));
  }

  @Test
  public void barsStartAtZeroOneRectanglePerBucket() {
    String svg =
        SvgChart.create("session lengths")
            .labels("minutes", "sessions")
            .bars("sessions", new double[] {0, 5, 10, 15}, new double[] {3, 9, 4, 0})
            .toSvg();
    assertEquals(4, svg.split("class=\"bar\"", -1).length - 1);
    assertThat(svg, containsString("<title>5: 9</title>"));
  }

  @Test
  public void mismatchedLengthsAndBadRangesAreRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> SvgChart.create("x").line("v", new double[] {1, 2}, new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> SvgChart.create("x").yRange(1, 1));
  }

  @Test
  public void reportIsOnePageWithNoExternalResource() {
    HtmlReport report = HtmlReport.titled("T & t");
    report.paragraph("p").table(List.of("a", "b"), List.of(List.of("1", "2")));
    report.chart(SvgChart.create("c").line("v", new double[] {0, 1}, new double[] {0, 1}));
    String html = report.toHtml();
    assertEquals(1, report.chartCount());
    assertThat(html, containsString("<title>T &amp; t</title>"));
    assertThat(html, not(containsString("src=")));
    assertThat(html, not(containsString("href=")));
    assertThat(html, not(containsString("http://cdn")));
    assertThrows(
        IllegalArgumentException.class,
        () -> report.table(List.of("a", "b"), List.of(List.of("only one"))));
  }

  private static String pathOf(String svg) {
    Matcher m = Pattern.compile("<path class=\"series\"[^>]* d=\"([^\"]*)\"").matcher(svg);
    if (!m.find()) {
      throw new AssertionError("no series path in " + svg);
    }
    return m.group(1);
  }

  private static double minY(String path) {
    double min = Double.MAX_VALUE;
    for (String vertex : path.split("[ML]")) {
      if (!vertex.isBlank()) {
        min = Math.min(min, Double.parseDouble(vertex.trim().split(" ")[1]));
      }
    }
    return min;
  }
}
