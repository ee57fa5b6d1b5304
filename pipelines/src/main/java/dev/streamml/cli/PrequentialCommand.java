package dev.streamml.cli;

import dev.streamml.pipelines.prequential.LabelledCsv;
import dev.streamml.pipelines.prequential.ModelCatalog;
import dev.streamml.pipelines.prequential.PrequentialEvaluation;
import dev.streamml.pipelines.demo.ProgressLine;
import dev.streamml.pipelines.demo.ProgressText;
import dev.streamml.pipelines.report.PrequentialReport;
import dev.streamml.pipelines.runners.RunnerProfiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code streamml prequential}: learns a labelled CSV prequentially (predict each row, then learn
 * its label) as a Beam pipeline and prints accuracy and kappa.
 *
 * <pre>{@code
 * ./streamml prequential --csv data/elec2/electricity.csv --label class
 * ./streamml prequential --csv data/elec2/electricity.csv --label class --runner=flink
 * }</pre>
 */
@Command(
    name = "prequential",
    mixinStandardHelpOptions = true,
    description = {
      "Learn a labelled CSV prequentially (predict each row, then learn it) as a Beam pipeline.",
      "The header names the columns; every column but the label is a numeric feature; rows are"
          + " events in file order. The last line printed is"
          + " accuracy=<%%> kappa=<%%> events=<n> events_per_s=<rate>, or for a regressor"
          + " mae=<x> rmse=<x> events=<n> events_per_s=<rate>."
    },
    footer = {
      "",
      "A missing label column, a non-numeric cell or an empty file: one line on stderr, exit 2.",
      "Other Beam options (--name=value) are passed to the runner.",
      "Examples:",
      "  ./streamml prequential --csv data/elec2/electricity.csv --label class",
      "  ./streamml prequential --csv data/elec2/electricity.csv --label class --runner=flink",
      "  ./streamml prequential --csv data/elec2/electricity.csv --label nswdemand"
          + " --model=linear-regression"
    })
final class PrequentialCommand implements Callable<Integer> {

  @Option(names = "--csv", paramLabel = "FILE", required = true, description = "Labelled CSV.")
  Path csv;

  @Option(
      names = "--label",
      paramLabel = "COLUMN",
      required = true,
      description = "Label column: classes 0, 1, .. (numbers for a regressor)")
  String label;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      defaultValue = ModelCatalog.RECOMMENDED,
      description = "Model: " + ModelCatalog.ACCEPTED + ".")
  String model;

  @Option(
      names = "--features",
      paramLabel = "SET",
      defaultValue = "causal",
      description =
          "causal (default: the columns, the previous row's label and the changes since the"
              + " previous row) or raw (the columns only).")
  String features;

  @Option(
      names = "--runner",
      defaultValue = RunnerProfiles.DEFAULT,
      description = "direct (default), flink (embedded), flink-cluster.")
  String runner;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      defaultValue = "reports/prequential.html",
      description =
          "HTML report: accuracy and kappa over time with drift events (default:"
              + " ${DEFAULT-VALUE}; 'none' for no report).")
  String report;

  @Option(names = "--verbose", description = "Print stack traces of failures.")
  boolean verbose;

  @Unmatched List<String> beamOptions = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    NearestOption.rejectTypos(spec, beamOptions);
    if (!features.equals("causal") && !features.equals("raw")) {
      throw new UsageError("--features", "'" + features + "'; accepted: causal, raw");
    }
    if (!Files.isRegularFile(csv)) {
      throw new UsageError("--csv", "no file " + csv);
    }
    try {
      ModelCatalog.named(model, 2);
    } catch (IllegalArgumentException e) {
      throw new UsageError("--model", e.getMessage());
    }
    try {
      RunnerProfiles.profileOf(runner);
    } catch (IllegalArgumentException e) {
      throw new UsageError("--runner", e.getMessage());
    }
    boolean regression = ModelCatalog.isRegression(model);
    LabelledCsv data;
    try {
      data = regression ? LabelledCsv.readRegression(csv, label) : LabelledCsv.read(csv, label);
      ModelCatalog.named(model, regression ? 2 : data.classCount());
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
    List<String> args = new ArrayList<>(beamOptions);
    if (RunnerProfiles.profileOf(runner).equals("direct")
        && args.stream().noneMatch(arg -> arg.startsWith("--blockOnRun"))) {
      // So that run() returns and the progress line can poll the metrics while it runs.
      args.add(0, "--blockOnRun=false");
    }
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs(RunnerProfiles.resolve(runner, args))
            .withValidation()
            .create();
    PrintStream out = System.out;
    out.printf(
        "streamml prequential: %d rows, %d features (%s), %s from %s; model %s on %s%n",
        data.rowCount(),
        data.featureNames().size(),
        features,
        regression ? "numeric labels" : data.classCount() + " classes",
        csv,
        model,
        options.getRunner().getSimpleName());
    PrequentialEvaluation.Progress progress = new PrequentialEvaluation.Progress();
    PrequentialEvaluation.Outcome outcome;
    try (ProgressLine line = ProgressLine.start(System.err, progressText(progress, data.rowCount()))) {
      outcome =
          PrequentialEvaluation.run(data, model, features.equals("causal"), options, progress);
    }
    outcome.runMetrics().print(out);
    if (regression) {
      // The report plots classification metrics; a regression prints its figures only.
      out.printf(
          Locale.ROOT,
          "mae=%.4f rmse=%.4f events=%d events_per_s=%.0f%n",
          outcome.regression().mae(),
          outcome.regression().rmse(),
          outcome.events(),
          outcome.eventsPerSecond());
      return 0;
    }
    if (!report.equals("none")) {
      Path written =
          PrequentialReport.write(
              outcome.rows(),
              data.classCount(),
              csv.getFileName() + ", " + model + " (" + features + " features)",
              Path.of(report));
      out.println("report: " + written.toAbsolutePath().normalize());
    }
    out.printf(
        Locale.ROOT,
        "accuracy=%.2f kappa=%.2f events=%d events_per_s=%.0f%n",
        100 * outcome.metrics().accuracy(),
        100 * outcome.metrics().kappa(),
        outcome.events(),
        outcome.eventsPerSecond());
    return 0;
  }

  /**
   * Rows read against the CSV's row count (rate and time left come from these: they move from the
   * start), then predictions made: on the Direct runner those wait for the end of the input, when
   * the watermark releases them, so showing them alone would read 0 until the last second.
   */
  static Supplier<String> progressText(PrequentialEvaluation.Progress progress, long rows) {
    return ProgressText.followedBy(
        ProgressText.counting("rows read", progress::rowsRead, rows),
        "predictions",
        progress::predicted);
  }
}
