package dev.streamml.pipelines.demo;

import dev.streamml.events.ParseEvents;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Reads progress figures from a running pipeline's Beam metrics, where the runner offers them
 * while the job runs (the Direct runner does; embedded Flink only once the job ends).
 *
 * <pre>{@code
 * long read = PipelineMetrics.recordsRead(result); // -1 when the runner cannot say yet
 * }</pre>
 */
public final class PipelineMetrics {
  private PipelineMetrics() {}

  /** Records parsed plus dead letters so far (attempted), or -1 when metrics are unavailable. */
  public static long recordsRead(PipelineResult result) {
    try {
      long total = 0;
      for (String name : List.of("parsed", "dead_letters")) {
        for (MetricResult<Long> counter :
            result
                .metrics()
                .queryMetrics(
                    MetricsFilter.builder()
                        .addNameFilter(MetricNameFilter.named(ParseEvents.METRICS_NAMESPACE, name))
                        .build())
                .getCounters()) {
          Long attempted = counter.getAttempted();
          total += attempted == null ? 0 : attempted;
        }
      }
      return total;
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
