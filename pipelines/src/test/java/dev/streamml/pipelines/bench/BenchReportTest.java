package dev.streamml.pipelines.bench;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Medians, tables and the plot made from saved harness lines. */
public class BenchReportTest {
  @Rule public TemporaryFolder folder = new TemporaryFolder();

  private static final List<String> LINES =
      List.of(
          "kafka events=10 produce_events_per_s=1 consume_events_per_s=1",
          "bench pipeline=anomaly runner=flink events=10 events_per_s=300 baseline_events_per_s=400 ratio=0.750",
          "bench pipeline=anomaly runner=flink events=10 events_per_s=100 baseline_events_per_s=1000 ratio=0.100",
          "bench pipeline=anomaly runner=flink events=10 events_per_s=200 baseline_events_per_s=500 ratio=0.400",
          "tuned | bench pipeline=anomaly runner=direct events=10 events_per_s=50 baseline_events_per_s=100 ratio=0.500",
          "tuned | bench pipeline=anomaly runner=direct events=10 events_per_s=70 baseline_events_per_s=100 ratio=0.700",
          "cpu pipeline=anomaly runner=flink events=10 events_per_cpu_s=9 baseline_events_per_cpu_s=3 ratio=3.000",
          "latency pipeline=anomaly runner=flink rate=500 p50_ms=10 p99_ms=90 p999_ms=300",
          "latency pipeline=anomaly runner=flink rate=500 p50_ms=30 p99_ms=70 p999_ms=100");

  @Test
  public void mediansPerConfigurationOfEachColumn() {
    String table = BenchReport.parse(LINES).markdown();
    // Medians of each column separately: 200 of {300,100,200}, 500 of {400,1000,500}, 0.400.
    assertThat(table, containsString("| anomaly flink | 3 | 200 | 500 | 0.400 |"));
    // Two runs: the mean of the middle two.
    assertThat(table, containsString("| tuned | 2 | 60 | 100 | 0.600 |"));
    assertThat(table, containsString("| anomaly flink | 2 | 500 | 20 | 80 | 200 |"));
    assertThat(table, containsString("| anomaly flink | 1 | 9 | 3 | 3.000 |"));
  }

  @Test
  public void medianOfOddAndEvenCounts() {
    assertEquals(2.0, BenchReport.median(List.of(3.0, 1.0, 2.0)), 0.0);
    assertEquals(2.5, BenchReport.median(List.of(4.0, 1.0, 2.0, 3.0)), 0.0);
  }

  @Test
  public void svgHasABarPerConfigurationAndSeries() throws Exception {
    Path svg = folder.getRoot().toPath().resolve("plot.svg");
    BenchReport.parse(LINES).writeSvg(svg);
    String text = Files.readString(svg, StandardCharsets.UTF_8);
    assertThat(text, containsString("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    // 2 configurations x 2 ratio bars + 2 legend squares, 1 x 3 latency bars + 3 legend squares,
    // and the background.
    assertEquals(13, text.split("<rect ", -1).length - 1);
    assertThat(text, containsString(">0.40<"));
    assertThat(text, containsString(">80<"));
  }
}
