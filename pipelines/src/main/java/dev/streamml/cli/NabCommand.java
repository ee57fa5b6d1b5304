package dev.streamml.cli;

import dev.streamml.eval.nab.NabProfile;
import dev.streamml.eval.nab.NabResult;
import dev.streamml.pipelines.anomaly.DetectorCatalog;
import dev.streamml.pipelines.demo.ProgressLine;
import dev.streamml.pipelines.demo.ProgressText;
import dev.streamml.pipelines.nab.NabBenchmark;
import dev.streamml.pipelines.nab.NabDataSet;
import dev.streamml.pipelines.report.NabReport;
import dev.streamml.pipelines.runners.RunnerProfiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import javax.annotation.Nullable;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code streamml nab}: scores a folder in NAB's layout with an anomaly detector as a Beam
 * pipeline, writes NAB-style results files and prints the NAB scores of NAB's three profiles.
 *
 * <pre>{@code
 * ./streamml nab --out results                       # the bundled data, knn-conformal, Direct
 * ./streamml nab --data ~/NAB --out results --detector zscore --runner=flink
 * }</pre>
 */
@Command(
    name = "nab",
    mixinStandardHelpOptions = true,
    description = {
      "Score NAB-format data with an anomaly detector as a Beam pipeline and print its NAB scores.",
      "Reads DIR/data/**/*.csv and DIR/labels/combined_windows.json; writes"
          + " OUT/<category>/<detector>_<file>.csv (timestamp,value,anomaly_score,label)"
          + " and OUT/report.html (each series with its scores, threshold, detections and"
          + " labelled windows)."
    },
    footer = {
      "",
      "A file that is not timestamp,value, is empty or has a bad row is skipped with a message"
          + " naming the file and line; the others are scored. Exit code 1 if a file was skipped.",
      "Other Beam options (--name=value) are passed to the runner.",
      "Examples:",
      "  ./streamml nab --out results",
      "  ./streamml nab --data data/nab --out results --detector zscore --runner=flink"
    })
final class NabCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "NAB folder: data/<category>/*.csv and labels/ (default: the bundled data/nab).")
  @Nullable
  Path data;

  @Option(
      names = "--out",
      paramLabel = "OUT",
      required = true,
      description = "Folder for the results files.")
  Path out;

  @Option(
      names = "--detector",
      paramLabel = "NAME",
      defaultValue = DetectorCatalog.RECOMMENDED,
      description =
          "knn-conformal (default, recommended), zscore, robust-zscore, iqr, hst, ensemble.")
  String detector;

  @Option(
      names = "--runner",
      defaultValue = RunnerProfiles.DEFAULT,
      description = "direct (default), flink (embedded), flink-cluster.")
  String runner;

  @Option(names = "--verbose", description = "Print stack traces of failures.")
  boolean verbose;

  @Unmatched List<String> beamOptions = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    NearestOption.rejectTypos(spec, beamOptions);
    try {
      DetectorCatalog.named(detector);
    } catch (IllegalArgumentException e) {
      throw new UsageError("--detector", e.getMessage());
    }
    RunnerProfiles.profileOf(runner);
    Path folder = dataFolder();
    PrintStream out = System.out;
    PrintStream err = System.err;
    NabDataSet dataSet = NabDataSet.load(folder);
    dataSet.notes().forEach(note -> err.println("streamml nab: note: " + note));
    dataSet.problems().forEach(problem -> err.println("streamml nab: skipped " + problem));
    if (dataSet.files().isEmpty()) {
      throw new IllegalStateException(
          "no file under " + folder.resolve(NabDataSet.DATA) + " could be scored");
    }
    PipelineOptions options = PipelineOptionsFactory.fromArgs(beamArgs()).withValidation().create();
    out.printf(
        "streamml nab: %d files, %d rows from %s; detector %s on %s%n",
        dataSet.files().size(),
        dataSet.rowCount(),
        folder,
        detector,
        options.getRunner().getSimpleName());

    NabBenchmark.Progress progress = new NabBenchmark.Progress();
    NabBenchmark.Outcome outcome;
    Supplier<String> rows =
        ProgressText.counting("rows scored", progress::rowsScored, dataSet.rowCount());
    try (ProgressLine line =
        ProgressLine.start(
            err,
            () ->
                String.format(
                    "%s | files written %s/%d",
                    rows.get(),
                    known(progress.filesWritten()),
                    dataSet.files().size()))) {
      outcome = NabBenchmark.run(dataSet, detector, out(), options, progress);
    }
    out.printf(
        Locale.ROOT,
        "wrote %d results files to %s (pipeline %.1f s)%n",
        outcome.series().size(),
        out(),
        outcome.pipelineSeconds());
    outcome.runMetrics().print(out);
    Path report = NabReport.write(dataSet, outcome, detector, out().resolve(NabReport.FILE_NAME));
    out.println("report: " + report);
    for (NabProfile profile : NabProfile.standardProfiles()) {
      NabResult result = outcome.result(profile);
      out.printf(Locale.ROOT, "NAB %s: %.2f%n", profile.getName(), result.getNormalizedScore());
    }
    return dataSet.problems().isEmpty() ? 0 : StreammlCli.FAILURE;
  }

  private Path dataFolder() {
    if (data != null) {
      return data;
    }
    Path bundled = Path.of(System.getProperty("streamml.home", ".")).resolve("data/nab");
    if (!Files.isDirectory(bundled)) {
      throw new UsageError(
          "--data", "bundled data not found at " + bundled + "; give a NAB folder");
    }
    return bundled;
  }

  private Path out() {
    return out.toAbsolutePath().normalize();
  }

  /** The runner profile's options, the user's Beam options over them. */
  private String[] beamArgs() {
    List<String> args = new ArrayList<>(beamOptions);
    if (RunnerProfiles.profileOf(runner).equals("direct")
        && args.stream().noneMatch(arg -> arg.startsWith("--blockOnRun"))) {
      // So that run() returns and progress can be polled; NabBenchmark waits for the end.
      args.add(0, "--blockOnRun=false");
    }
    return RunnerProfiles.resolve(runner, args);
  }

  private static String known(long count) {
    return count < 0 ? "-" : String.valueOf(count);
  }
}
