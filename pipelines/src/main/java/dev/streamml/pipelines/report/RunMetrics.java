package dev.streamml.pipelines.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Every Beam counter and distribution of a finished pipeline, summed over steps, for the table a
 * command prints at the end of a run. The same metrics show in the Flink UI on a cluster.
 *
 * <p>Committed values are preferred; runners that do not commit metrics (embedded Flink after
 * cancellation) fall back to attempted values.
 *
 * <pre>{@code
 * PipelineResult result = pipeline.run();
 * result.waitUntilFinish();
 * RunMetrics.of(result).print(System.out);
 * //   streamml.events/parsed           69561
 * //   streamml.prequential/model_version  n=45312 min=0 mean=12.4 max=44
 * }</pre>
 */
public final class RunMetrics {
  private final Map<String, Long> counters;
  private final Map<String, DistributionResult> distributions;

  private RunMetrics(Map<String, Long> counters, Map<String, DistributionResult> distributions) {
    this.counters = counters;
    this.distributions = distributions;
  }

  /** No metrics: what a runner that reports none gives. */
  public static RunMetrics empty() {
    return new RunMetrics(new TreeMap<>(), new TreeMap<>());
  }

  /** The metrics of {@code result}, or {@link #empty()} if the runner cannot report them. */
  public static RunMetrics of(PipelineResult result) {
    Map<String, Long> counters = new TreeMap<>();
    Map<String, DistributionResult> distributions = new TreeMap<>();
    MetricQueryResults query;
    try {
      query = result.metrics().queryMetrics(MetricsFilter.builder().build());
    } catch (RuntimeException e) {
      return empty(); // some runners cannot query metrics; the run itself succeeded
    }
    for (MetricResult<Long> counter : query.getCounters()) {
      Long value = valueOf(counter);
      if (value != null) {
        counters.merge(nameOf(counter), value, Long::sum);
      }
    }
    for (MetricResult<DistributionResult> distribution : query.getDistributions()) {
      DistributionResult value = valueOf(distribution);
      if (value != null && value.getCount() > 0) {
        distributions.merge(nameOf(distribution), value, RunMetrics::combine);
      }
    }
    return new RunMetrics(counters, distributions);
  }

  private static <T> T valueOf(MetricResult<T> metric) {
    try {
      T committed = metric.getCommitted();
      if (committed != null) {
        return committed;
      }
    } catch (UnsupportedOperationException e) {
      // The runner does not commit metrics: attempted values are all there is.
    }
    return metric.getAttempted();
  }

  private static String nameOf(MetricResult<?> metric) {
    return metric.getName().getNamespace() + "/" + metric.getName().getName();
  }

  private static DistributionResult combine(DistributionResult a, DistributionResult b) {
    return DistributionResult.create(
        a.getSum() + b.getSum(),
        a.getCount() + b.getCount(),
        Math.min(a.getMin(), b.getMin()),
        Math.max(a.getMax(), b.getMax()));
  }

  /** The counter {@code namespace/name} summed over steps, or 0 if it never counted. */
  public long counter(String namespace, String name) {
    return counters.getOrDefault(namespace + "/" + name, 0L);
  }

  /** The distribution {@code namespace/name} over steps, or null if it has no value. */
  public DistributionResult distribution(String namespace, String name) {
    return distributions.get(namespace + "/" + name);
  }

  /** Whether there is nothing to show. */
  public boolean isEmpty() {
    return counters.isEmpty() && distributions.isEmpty();
  }

  /** One line per metric, sorted by name. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    counters.forEach((name, value) -> lines.add(String.format(Locale.ROOT, "  %-44s %d", name, value)));
    distributions.forEach(
        (name, d) ->
            lines.add(
                String.format(
                    Locale.ROOT,
                    "  %-44s n=%d min=%d mean=%.1f max=%d",
                    name,
                    d.getCount(),
                    d.getMin(),
                    d.getMean(),
                    d.getMax())));
    return lines;
  }

  /** Prints a heading and {@link #lines()}; nothing when there is no metric. */
  public void print(PrintStream out) {
    if (isEmpty()) {
      return;
    }
    out.println("metrics (Beam):");
    lines().forEach(out::println);
  }
}
