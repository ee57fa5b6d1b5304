package dev.streamml.pipelines.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The report of a {@code sessions} run: how long sessions last and how fast they request
 * (distributions over the closed sessions), and the traffic over time, from the JSON records of the
 * sessions and traffic topics. Hosts are not shown: per the NASA log's terms, general traffic
 * patterns only.
 *
 * <pre>{@code
 * SessionsReport.write(sessionJson, trafficJson, alerts, "nasa_19950701.tsv",
 *     Path.of("reports/sessions.html"));
 * }</pre>
 */
public final class SessionsReport {
  /** Width of a duration bucket, minutes; the last bucket holds everything longer. */
  public static final double DURATION_BUCKET_MIN = 5;

  /** Duration buckets. */
  public static final int DURATION_BUCKETS = 24;

  /** Width of a request-rate bucket, requests per minute; the last holds everything faster. */
  public static final double RATE_BUCKET = 1;

  /** Request-rate buckets. */
  public static final int RATE_BUCKETS = 20;

  private SessionsReport() {}

  /** Builds the report and writes it to {@code file}. */
  public static Path write(
      List<JsonNode> sessions, List<JsonNode> traffic, long alerts, String title, Path file)
      throws IOException {
    return build(sessions, traffic, alerts, title).write(file);
  }

  /**
   * Counts of {@code values} in {@code buckets} buckets of {@code width} from 0; values at or
   * above the last bucket's start go to the last bucket, negative ones to the first.
   */
  public static double[] histogram(double[] values, double width, int buckets) {
    double[] counts = new double[buckets];
    for (double v : values) {
      int b = (int) Math.floor(v / width);
      counts[Math.max(0, Math.min(buckets - 1, b))]++;
    }
    return counts;
  }

  /** The report, not yet written. */
  public static HtmlReport build(
      List<JsonNode> sessions, List<JsonNode> traffic, long alerts, String title) {
    double[] minutes = new double[sessions.size()];
    double[] rates = new double[sessions.size()];
    double requests = 0;
    for (int i = 0; i < sessions.size(); i++) {
      JsonNode s = sessions.get(i);
      minutes[i] = s.path("duration_s").asDouble() / 60;
      rates[i] = s.path("requests_per_minute").asDouble();
      requests += s.path("requests").asDouble();
    }
    HtmlReport report = HtmlReport.titled("Sessions: " + title);
    report.paragraph(
        String.format(
            Locale.ROOT,
            "%d sessions closed, %.0f requests in them, %d suspicious sessions alerted, %d traffic"
                + " windows. Hosts are withheld: general traffic patterns only.",
            sessions.size(),
            requests,
            alerts,
            traffic.size()));
    report.table(
        List.of("figure", "median", "90th percentile", "max"),
        List.of(
            row("duration (min)", minutes),
            row("requests per minute", rates)));

    report.heading("How long sessions last");
    report.chart(
        SvgChart.create("Session duration")
            .labels("minutes (bucket start; the last holds longer ones)", "sessions")
            .bars("sessions", starts(DURATION_BUCKET_MIN, DURATION_BUCKETS),
                histogram(minutes, DURATION_BUCKET_MIN, DURATION_BUCKETS)));
    report.heading("How fast sessions request");
    report.chart(
        SvgChart.create("Session request rate")
            .labels("requests per minute (bucket start; the last holds faster ones)", "sessions")
            .bars("sessions", starts(RATE_BUCKET, RATE_BUCKETS),
                histogram(rates, RATE_BUCKET, RATE_BUCKETS)));

    List<JsonNode> windows = new ArrayList<>(traffic);
    windows.sort(Comparator.comparing(w -> w.path("window_start").asText()));
    double[] at = new double[windows.size()];
    double[] perSecond = new double[windows.size()];
    double[] errors = new double[windows.size()];
    for (int i = 0; i < windows.size(); i++) {
      at[i] = Instant.parse(windows.get(i).path("window_start").asText()).toEpochMilli();
      perSecond[i] = windows.get(i).path("requests_per_s").asDouble();
      errors[i] = 100 * windows.get(i).path("error_ratio").asDouble();
    }
    report.heading("Traffic over time");
    report.chart(
        SvgChart.create("Requests per second, per sliding window")
            .timeAxis()
            .labels("window start (UTC)", "requests/s")
            .line("requests/s", at, perSecond));
    report.chart(
        SvgChart.create("Error responses (4xx/5xx), per sliding window")
            .timeAxis()
            .labels("window start (UTC)", "% of requests")
            .line("errors %", at, errors));
    return report;
  }

  private static double[] starts(double width, int buckets) {
    double[] starts = new double[buckets];
    for (int b = 0; b < buckets; b++) {
      starts[b] = b * width;
    }
    return starts;
  }

  private static List<String> row(String name, double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return List.of(
        name,
        format(quantile(sorted, 0.5)),
        format(quantile(sorted, 0.9)),
        format(sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]));
  }

  /** Nearest-rank quantile of sorted values, NaN for none. */
  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  private static String format(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }
}
