package dev.streamml.launchers;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Beam metrics of a job running on a Flink session cluster, read through the REST calls the
 * Flink web UI makes (Job, then a vertex, then Metrics), summed over operators and subtasks.
 *
 * <p>Beam's Flink runner registers every Beam counter as a Flink counter and every distribution as
 * a Flink gauge whose value reads {@code DistributionResult{sum=.., count=.., min=.., max=..}}, on
 * the metric group of the operator that runs the step, named {@code <namespace>.<name>}. Flink's
 * metric query service turns the dots of a metric name into underscores, so the UI lists Beam's
 * {@code streamml.events.dead_letters} per vertex as {@code
 * <subtask>.<operator>.streamml_events_dead_letters}; this class asks {@code GET
 * /jobs/<job>/vertices/<vertex>/metrics} for those names and {@code ?get=<names>} for their values,
 * and takes Beam's dotted names as well as the UI's.
 * The JobManager refreshes them from the TaskManagers every {@code metrics.fetcher.update-interval}
 * (10 s by default), and Beam updates them when a bundle finishes, so they trail the job by
 * seconds.
 *
 * <pre>{@code
 * JobMetrics metrics = JobMetrics.read(FlinkRest.at("127.0.0.1:8081"), jobId, "streamml.");
 * long deadLetters = metrics.counter("streamml.events.dead_letters");   // -1 if not reported yet
 * metrics.lines().forEach(System.out::println);
 * //   streamml_events_parsed                        240
 * //   streamml_anomaly_score_per_mille              n=240 min=0 mean=412.3 max=1000
 * }</pre>
 */
public final class JobMetrics {

  /** Names per {@code ?get=} request: keeps the URL short with long operator names. */
  private static final int NAMES_PER_REQUEST = 20;

  private static final Pattern VERTEX_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f]{32})\"");
  private static final Pattern METRIC_ID = Pattern.compile("\"id\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern METRIC_VALUE =
      Pattern.compile(
          "\"id\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,\\s*\"value\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern DISTRIBUTION =
      Pattern.compile(
          "DistributionResult\\{sum=(-?\\d+), count=(\\d+), min=(-?\\d+), max=(-?\\d+)\\}");

  private final Map<String, Long> counters;
  private final Map<String, Distribution> distributions;

  private JobMetrics(Map<String, Long> counters, Map<String, Distribution> distributions) {
    this.counters = counters;
    this.distributions = distributions;
  }

  /** A Beam distribution as Flink reports it, combined over operators and subtasks. */
  public static final class Distribution {
    public final long count;
    public final long sum;
    public final long min;
    public final long max;

    Distribution(long count, long sum, long min, long max) {
      this.count = count;
      this.sum = sum;
      this.min = min;
      this.max = max;
    }

    Distribution plus(Distribution other) {
      if (count == 0) {
        return other;
      }
      if (other.count == 0) {
        return this;
      }
      return new Distribution(
          count + other.count, sum + other.sum, Math.min(min, other.min), Math.max(max, other.max));
    }

    /** {@code sum / count}, or 0 when empty. */
    public double mean() {
      return count == 0 ? 0 : (double) sum / count;
    }
  }

  /**
   * Reads every metric of job {@code jobId} whose Beam name starts with {@code prefix}, e.g.
   * {@code "streamml."} (the namespace of a Beam metric is part of its Flink name; dots or
   * underscores).
   */
  public static JobMetrics read(FlinkRest rest, String jobId, String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      throw new IllegalArgumentException("prefix must not be empty, e.g. \"streamml.\"");
    }
    Map<String, Long> counters = new TreeMap<>();
    Map<String, Distribution> distributions = new TreeMap<>();
    for (String vertex : vertices(rest, jobId)) {
      String path = "/jobs/" + jobId + "/vertices/" + vertex + "/metrics";
      List<String> names = new ArrayList<>();
      Matcher ids = METRIC_ID.matcher(rest.get(path));
      while (ids.find()) {
        String id = unescape(ids.group(1));
        if (metricName(id, prefix) != null) {
          names.add(id);
        }
      }
      for (int from = 0; from < names.size(); from += NAMES_PER_REQUEST) {
        List<String> batch = names.subList(from, Math.min(names.size(), from + NAMES_PER_REQUEST));
        String query = URLEncoder.encode(String.join(",", batch), StandardCharsets.UTF_8);
        Matcher values = METRIC_VALUE.matcher(rest.get(path + "?get=" + query));
        while (values.find()) {
          String name = metricName(unescape(values.group(1)), prefix);
          String value = unescape(values.group(2));
          Matcher d = DISTRIBUTION.matcher(value);
          if (d.matches()) {
            Distribution one =
                new Distribution(
                    Long.parseLong(d.group(2)), Long.parseLong(d.group(1)),
                    Long.parseLong(d.group(3)), Long.parseLong(d.group(4)));
            distributions.merge(name, one, Distribution::plus);
          } else if (value.matches("-?\\d+")) {
            counters.merge(name, Long.parseLong(value), Long::sum);
          }
        }
      }
    }
    return new JobMetrics(counters, distributions);
  }

  /** The vertex ids of a job, from {@code GET /jobs/<job>}. */
  static List<String> vertices(FlinkRest rest, String jobId) {
    String job = rest.get("/jobs/" + jobId);
    int start = job.indexOf("\"vertices\"");
    List<String> ids = new ArrayList<>();
    if (start < 0) {
      return ids;
    }
    Matcher m = VERTEX_ID.matcher(job.substring(start));
    while (m.find()) {
      if (!ids.contains(m.group(1))) {
        ids.add(m.group(1));
      }
    }
    return ids;
  }

  /**
   * The metric name in a UI metric id {@code <subtask>.<operator>.<namespace>_<name>}, or null if
   * the id is no operator metric whose name starts with {@code prefix}.
   */
  static String metricName(String id, String prefix) {
    int first = id.indexOf('.');
    if (first <= 0 || !id.substring(0, first).chars().allMatch(Character::isDigit)) {
      return null;
    }
    int at = id.indexOf("." + uiName(prefix), first);
    return at < 0 ? null : id.substring(at + 1);
  }

  /** The name the UI shows for a Beam metric name: Flink's query service makes dots underscores. */
  static String uiName(String beamName) {
    return beamName.replace('.', '_');
  }

  private static String unescape(String json) {
    return json.replace("\\\"", "\"").replace("\\/", "/").replace("\\\\", "\\");
  }

  /**
   * A counter summed over operators and subtasks, by Beam name ({@code streamml.events.parsed}) or
   * UI name ({@code streamml_events_parsed}); -1 if the job reports none of that name.
   */
  public long counter(String name) {
    return counters.getOrDefault(uiName(name), -1L);
  }

  /** A distribution combined over operators and subtasks, or null if none of that name. */
  public Distribution distribution(String name) {
    return distributions.get(uiName(name));
  }

  /** Counter names (as the UI shows them) to values, sorted. */
  public Map<String, Long> counters() {
    return counters;
  }

  /** Whether no metric matched. */
  public boolean isEmpty() {
    return counters.isEmpty() && distributions.isEmpty();
  }

  /** One line per metric, sorted by name, in the layout of the end-of-run table. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    counters.forEach(
        (name, value) -> lines.add(String.format(Locale.ROOT, "  %-44s %d", name, value)));
    distributions.forEach(
        (name, d) ->
            lines.add(
                String.format(
                    Locale.ROOT,
                    "  %-44s n=%d min=%d mean=%.1f max=%d",
                    name, d.count, d.min, d.mean(), d.max)));
    return lines;
  }
}
