package dev.streamml.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Event-time windows and when they fire.
 *
 * <pre>{@code
 * --window=sliding:10m/1m --trigger=early=30s,late=each,lateness=10m,accumulating
 * }</pre>
 */
public interface WindowingOptions extends PipelineOptions {

  @Description("Windows: fixed:<size>, sliding:<size>/<period> or session:<gap>, e.g. fixed:1m.")
  @Default.String("fixed:1m")
  String getWindow();

  void setWindow(String value);

  @Description(
      "Trigger and lateness, e.g. early=30s,late=each,lateness=10m,accumulating; empty: fire"
          + " once at the watermark, no lateness, discarding.")
  @Default.String("")
  String getTrigger();

  void setTrigger(String value);
}
