package dev.streamml.pipelines.report;

import dev.streamml.eval.nab.NabProfile;
import dev.streamml.eval.nab.NabResult;
import dev.streamml.eval.nab.NabSeries;
import dev.streamml.eval.nab.NabSeriesScore;
import dev.streamml.eval.nab.NabWindow;
import dev.streamml.pipelines.nab.NabBenchmark;
import dev.streamml.pipelines.nab.NabDataFile;
import dev.streamml.pipelines.nab.NabDataSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of a {@code nab} run: NAB scores per profile, then for every series its values and
 * its anomaly scores over time, with the labelled anomaly windows shaded, the standard profile's
 * threshold and the detections (rows scored at or above it) marked.
 *
 * <pre>{@code
 * NabBenchmark.Outcome outcome = NabBenchmark.run(data, "knn-conformal", out, options, progress);
 * NabReport.write(data, outcome, "knn-conformal", out.resolve(NabReport.FILE_NAME));
 * }</pre>
 */
public final class NabReport {
  /** Name of the report file in the results folder. */
  public static final String FILE_NAME = "report.html";

  private NabReport() {}

  /** Builds the report of {@code outcome} over {@code data} and writes it to {@code file}. */
  public static Path write(NabDataSet data, NabBenchmark.Outcome outcome, String detector, Path file)
      throws IOException {
    return build(data, outcome, detector).write(file);
  }

  /** The report, not yet written. */
  public static HtmlReport build(NabDataSet data, NabBenchmark.Outcome outcome, String detector) {
    NabResult standard = outcome.result(NabProfile.STANDARD);
    double threshold = standard.getThreshold();
    HtmlReport report = HtmlReport.titled("NAB results: " + detector);
    report.paragraph(
        String.format(
            Locale.ROOT,
            "%d series, %d rows; pipeline %.1f s. Detections are rows whose anomaly score is at"
                + " or above the standard profile's corpus-wide threshold %s; shaded: labelled"
                + " anomaly windows.",
            data.files().size(),
            data.rowCount(),
            outcome.pipelineSeconds(),
            SvgChart.number(threshold)));
    List<List<String>> profiles = new ArrayList<>();
    for (NabProfile profile : NabProfile.standardProfiles()) {
      NabResult r = outcome.result(profile);
      profiles.add(
          List.of(
              profile.getName(),
              String.format(Locale.ROOT, "%.2f", r.getNormalizedScore()),
              SvgChart.number(r.getThreshold()),
              r.getDetectedWindows() + "/" + (r.getDetectedWindows() + r.getMissedWindows()),
              Long.toString(r.getFalsePositives())));
    }
    report.table(
        List.of("profile", "NAB score", "threshold", "windows detected", "false positives"),
        profiles);

    Map<String, NabSeriesScore> scores = new HashMap<>();
    standard.getSeriesScores().forEach(s -> scores.put(s.getName(), s));
    for (int i = 0; i < data.files().size(); i++) {
      addSeries(report, data.files().get(i), outcome.series().get(i), threshold,
          scores.get(outcome.series().get(i).getName()));
    }
    return report;
  }

  private static void addSeries(
      HtmlReport report, NabDataFile file, NabSeries series, double threshold,
      NabSeriesScore score) {
    long[] stamps = file.timestamps();
    double[] xs = new double[stamps.length];
    for (int i = 0; i < stamps.length; i++) {
      xs[i] = stamps[i];
    }
    double[] values = file.values();
    double[] anomalyScores = series.getScores();
    List<Integer> hits = new ArrayList<>();
    for (int i = 0; i < anomalyScores.length; i++) {
      if (anomalyScores[i] >= threshold) {
        hits.add(i);
      }
    }
    double[] hitX = new double[hits.size()];
    double[] hitValue = new double[hits.size()];
    double[] hitScore = new double[hits.size()];
    for (int k = 0; k < hits.size(); k++) {
      hitX[k] = xs[hits.get(k)];
      hitValue[k] = values[hits.get(k)];
      hitScore[k] = anomalyScores[hits.get(k)];
    }
    report.heading(file.name());
    report.paragraph(
        String.format(
            Locale.ROOT,
            "%d rows, %d labelled windows, %d detections%s.",
            file.rowCount(),
            file.windows().size(),
            hits.size(),
            score == null
                ? ""
                : String.format(
                    Locale.ROOT,
                    "; standard profile: score %.2f, %d windows detected, %d missed,"
                        + " %d false positives",
                    score.getScore(),
                    score.getDetectedWindows(),
                    score.getMissedWindows(),
                    score.getFalsePositives())));
    SvgChart valueChart =
        SvgChart.create(file.name() + ": values").timeAxis().labels("time (UTC)", "value");
    SvgChart scoreChart =
        SvgChart.create(file.name() + ": anomaly score")
            .timeAxis()
            .labels("time (UTC)", "score")
            .yRange(0, Math.max(1.0, threshold));
    for (NabWindow w : file.windows()) {
      valueChart.band(w.getStartMillis(), w.getEndMillis(), "labelled window");
      scoreChart.band(w.getStartMillis(), w.getEndMillis(), "labelled window");
    }
    valueChart.line("value", xs, values).points("detections", hitX, hitValue);
    scoreChart
        .line("anomaly score", xs, anomalyScores)
        .horizontal(threshold, "threshold")
        .points("detections", hitX, hitScore);
    report.chart(valueChart).chart(scoreChart);
  }
}
