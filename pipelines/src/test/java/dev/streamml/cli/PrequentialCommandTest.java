package dev.streamml.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import dev.streamml.eval.metrics.ClassificationMetrics;
import dev.streamml.events.Event;
import dev.streamml.online.OnlineModel;
import dev.streamml.online.beam.CausalFeatures;
import dev.streamml.pipelines.prequential.LabelledCsv;
import dev.streamml.pipelines.prequential.ModelCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.beam.sdk.values.TimestampedValue;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code streamml prequential} end to end on a small CSV (Direct runner): the last line equals the
 * metrics of a plain predict-then-learn loop, and bad input is one line on stderr with exit code 2.
 */
public class PrequentialCommandTest {
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

  /** 600 rows: a, b, then the label column y in the middle, then c. */
  private Path smallCsv() throws Exception {
    Random random = new Random(5);
    StringBuilder text = new StringBuilder("a,b,y,c\n");
    int previous = 0;
    for (int i = 0; i < 600; i++) {
      double a = random.nextDouble();
      double b = random.nextGaussian();
      double c = i % 24;
      int y = random.nextDouble() < 0.7 ? previous : (a + 0.3 * b > 0.5 ? 1 : 0);
      previous = y;
      text.append(String.format(Locale.ROOT, "%s,%s,%d,%s%n", a, b, y, c));
    }
    Path csv = temporary.newFile("small.csv").toPath();
    Files.writeString(csv, text.toString());
    return csv;
  }

  @Test
  public void lastLineHasTheMetricsOfAPlainPredictThenLearnLoop() throws Exception {
    Path csv = smallCsv();

    int exit = StreammlCli.execute("prequential", "--csv", csv.toString(), "--label", "y");

    assertEquals(stdout() + stderr(), 0, exit);
    List<String> lines = stdout().lines().toList();
    String last = lines.get(lines.size() - 1);
    ClassificationMetrics expected = plainLoop(csv);
    String prefix =
        String.format(
            Locale.ROOT,
            "accuracy=%.2f kappa=%.2f events=600 events_per_s=",
            100 * expected.accuracy(),
            100 * expected.kappa());
    assertThat(last, containsString(prefix));
    assertEquals(0, last.indexOf(prefix));
    assertThat(last.substring(prefix.length()), org.hamcrest.Matchers.matchesPattern("[0-9]+"));
    // Rows read move from the start on Direct (predictions wait for the end of the input); the
    // last progress line has both at the row count, and the metrics table the rows read.
    List<String> progress = stderr().lines().filter(l -> l.contains("rows read")).toList();
    assertThat(
        progress.get(progress.size() - 1),
        org.hamcrest.Matchers.matchesPattern(
            "\\[ *[0-9.]+s\\] rows read 600/600 \\(100\\.0%\\) \\| [0-9]+/s \\| done"
                + " \\| predictions 600"));
    assertThat(stdout(), org.hamcrest.Matchers.matchesPattern(
        "(?s).*\\n  streamml\\.prequential/rows_read +600\\n.*"));
  }

  private static ClassificationMetrics plainLoop(Path csv) throws Exception {
    LabelledCsv data = LabelledCsv.read(csv, "y");
    OnlineModel model = ModelCatalog.named(ModelCatalog.RECOMMENDED, 2);
    ClassificationMetrics metrics = ClassificationMetrics.binary();
    Event previous = null;
    Double lastLabel = null;
    for (TimestampedValue<Event> tv : data.events()) {
      Event event = tv.getValue();
      double[] row = CausalFeatures.of(event, previous, lastLabel);
      double[] proba = model.predictProba(row);
      metrics.add(event.getLabel().intValue(), proba[1] > proba[0] ? 1 : 0, proba[1]);
      model.learn(row, event.getLabel());
      previous = event;
      lastLabel = event.getLabel();
    }
    return metrics;
  }

  @Test
  public void regressionPrintsMaeAndRmseOfAPlainLoop() throws Exception {
    Random random = new Random(8);
    StringBuilder text = new StringBuilder("x,z,y\n");
    for (int i = 0; i < 400; i++) {
      double x = random.nextDouble() * 10;
      double z = random.nextGaussian();
      text.append(String.format(Locale.ROOT, "%s,%s,%s%n", x, z, 2 * x - z + 1 + random.nextGaussian() * 0.1));
    }
    Path csv = temporary.newFile("numbers.csv").toPath();
    Files.writeString(csv, text.toString());

    int exit =
        StreammlCli.execute(
            "prequential", "--csv", csv.toString(), "--label", "y",
            "--model=linear-regression", "--features=raw");

    assertEquals(stdout() + stderr(), 0, exit);
    // The reference: the same model in a plain predict-then-learn loop, errors summed by hand.
    LabelledCsv data = LabelledCsv.readRegression(csv, "y");
    OnlineModel model = ModelCatalog.named(ModelCatalog.LINEAR_REGRESSION, 2);
    double absolute = 0;
    double squared = 0;
    for (TimestampedValue<Event> tv : data.events()) {
      Event event = tv.getValue();
      double error = model.predict(event.values()) - event.getLabel();
      absolute += Math.abs(error);
      squared += error * error;
      model.learn(event.values(), event.getLabel());
    }
    String prefix =
        String.format(
            Locale.ROOT,
            "mae=%.4f rmse=%.4f events=400 events_per_s=",
            absolute / 400,
            Math.sqrt(squared / 400));
    List<String> lines = stdout().lines().toList();
    String last = lines.get(lines.size() - 1);
    assertEquals(last, 0, last.indexOf(prefix));
    assertThat(last.substring(prefix.length()), org.hamcrest.Matchers.matchesPattern("[0-9]+"));
  }

  @Test
  public void missingLabelColumnIsAUsageError() throws Exception {
    assertUsageError(smallCsv(), "label", "has no column 'label'");
  }

  @Test
  public void nonNumericFeatureIsAUsageError() throws Exception {
    Path csv = temporary.newFile("bad.csv").toPath();
    Files.writeString(csv, "a,y\n1.5,0\nhigh,1\n");
    assertUsageError(csv, "y", "line 3 column 'a': 'high' is not a finite number");
  }

  @Test
  public void emptyFileIsAUsageError() throws Exception {
    Path csv = temporary.newFile("empty.csv").toPath();
    assertUsageError(csv, "y", "is empty");
  }

  @Test
  public void headerWithoutRowsIsAUsageError() throws Exception {
    Path csv = temporary.newFile("header.csv").toPath();
    Files.writeString(csv, "a,y\n");
    assertUsageError(csv, "y", "no data row");
  }

  private void assertUsageError(Path csv, String label, String message) {
    int exit = StreammlCli.execute("prequential", "--csv", csv.toString(), "--label", label);
    assertEquals(stdout() + stderr(), StreammlCli.USAGE, exit);
    List<String> lines = stderr().lines().toList();
    assertEquals(stderr(), 1, lines.size());
    assertThat(lines.get(0), containsString(message));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
