package dev.streamml.eval.stream;

import dev.streamml.eval.metrics.ClassificationMetrics;
import dev.streamml.eval.metrics.RegressionMetrics;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.joda.time.Instant;

/**
 * Prequential metrics of the predictions of one scope (all keys, or one key) in one event-time
 * window pane, or over the whole stream up to the end of a window.
 *
 * <p>{@link #figures()} holds, by name: for classifiers {@code accuracy} and {@code kappa}
 * (fractions), and for binary ones also {@code log_loss} and {@code roc_auc}; for regressors
 * {@code mae} and {@code rmse}. A figure without data is NaN. {@link #scored()} counts the
 * labelled predictions behind them; {@link #unlabelled()} the predictions of events without a label
 * and {@link #unscorable()} labelled ones that fit no metric (a class out of range, a regression
 * value against class metrics, a non-finite value).
 *
 * <pre>{@code
 * PrequentialMetrics.Result metrics = predictions.apply(PrequentialMetrics.classification(2));
 * metrics.windows().apply(MapElements.into(TypeDescriptors.strings())
 *     .via(r -> r.windowEnd() + " accuracy " + r.figure("accuracy")));
 * }</pre>
 */
@DefaultCoder(MetricsReportCoder.class)
public final class MetricsReport implements Serializable {
  private static final long serialVersionUID = 1L;

  /** {@link #scope()} of reports over all keys. */
  public static final String ALL_KEYS = "*";

  /** {@link #timing()} of a whole-stream report. */
  public static final String STREAM = "STREAM";

  private final String scope;
  private final @Nullable Instant windowStart;
  private final Instant windowEnd;
  private final String timing;
  private final long scored;
  private final long unlabelled;
  private final long unscorable;
  private final SortedMap<String, Double> figures;

  MetricsReport(
      String scope,
      @Nullable Instant windowStart,
      Instant windowEnd,
      String timing,
      long scored,
      long unlabelled,
      long unscorable,
      SortedMap<String, Double> figures) {
    this.scope = Objects.requireNonNull(scope, "scope");
    this.windowStart = windowStart;
    this.windowEnd = Objects.requireNonNull(windowEnd, "windowEnd");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.scored = scored;
    this.unlabelled = unlabelled;
    this.unscorable = unscorable;
    this.figures = Collections.unmodifiableSortedMap(new TreeMap<>(figures));
  }

  /** The report of {@code tally}. */
  static MetricsReport of(
      String scope,
      @Nullable Instant windowStart,
      Instant windowEnd,
      String timing,
      PredictionTally tally) {
    SortedMap<String, Double> figures = new TreeMap<>();
    long scored;
    ClassificationMetrics classification = tally.classificationMetrics();
    if (classification != null) {
      scored = classification.count();
      figures.put("accuracy", classification.accuracy());
      figures.put("kappa", classification.kappa());
      if (classification.classes() == 2) {
        figures.put("log_loss", classification.logLoss());
        figures.put("roc_auc", classification.rocAuc());
      }
    } else {
      RegressionMetrics regression = tally.regressionMetrics();
      scored = regression.count();
      figures.put("mae", regression.mae());
      figures.put("rmse", regression.rmse());
    }
    return new MetricsReport(
        scope,
        windowStart,
        windowEnd,
        timing,
        scored,
        tally.unlabelled(),
        tally.unscorable(),
        figures);
  }

  /** The key of the predictions, or {@link #ALL_KEYS}. */
  public String scope() {
    return scope;
  }

  /** Start of the window; null for a whole-stream report, which starts with the stream. */
  public @Nullable Instant windowStart() {
    return windowStart;
  }

  /** End of the window (exclusive); for a whole-stream report, of the last window counted. */
  public Instant windowEnd() {
    return windowEnd;
  }

  /** The pane's timing, EARLY, ON_TIME or LATE, or {@link #STREAM} for a whole-stream report. */
  public String timing() {
    return timing;
  }

  public boolean isWholeStream() {
    return STREAM.equals(timing);
  }

  /** Labelled predictions scored. */
  public long scored() {
    return scored;
  }

  public long unlabelled() {
    return unlabelled;
  }

  public long unscorable() {
    return unscorable;
  }

  /** The metrics by name; see the class documentation. */
  public SortedMap<String, Double> figures() {
    return figures;
  }

  /** One metric, NaN if this report has no such metric. */
  public double figure(String name) {
    Double value = figures.get(name);
    return value == null ? Double.NaN : value;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof MetricsReport)) {
      return false;
    }
    MetricsReport that = (MetricsReport) other;
    return scope.equals(that.scope)
        && Objects.equals(windowStart, that.windowStart)
        && windowEnd.equals(that.windowEnd)
        && timing.equals(that.timing)
        && scored == that.scored
        && unlabelled == that.unlabelled
        && unscorable == that.unscorable
        && figures.equals(that.figures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scope, windowStart, windowEnd, timing, scored, unlabelled, unscorable);
  }

  @Override
  public String toString() {
    StringBuilder text =
        new StringBuilder("MetricsReport{scope=")
            .append(scope)
            .append(", window=[")
            .append(windowStart == null ? "start" : windowStart)
            .append(", ")
            .append(windowEnd)
            .append("), ")
            .append(timing)
            .append(", scored=")
            .append(scored);
    for (Map.Entry<String, Double> figure : figures.entrySet()) {
      text.append(", ").append(figure.getKey()).append('=').append(figure.getValue());
    }
    return text.append('}').toString();
  }
}
