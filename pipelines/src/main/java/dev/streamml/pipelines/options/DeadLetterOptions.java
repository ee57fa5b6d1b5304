package dev.streamml.pipelines.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Where records that cannot be processed go: their own topic, original bytes as the value and the
 * reason in headers.
 *
 * <pre>{@code
 * --deadLetterTopic=events-dead-letters
 * }</pre>
 */
public interface DeadLetterOptions extends PipelineOptions {

  @Description("Topic for records that could not be parsed (original bytes, reason in headers).")
  @Default.String("dead-letters")
  String getDeadLetterTopic();

  void setDeadLetterTopic(String value);
}
