package dev.streamml.pipelines.bench;

import dev.streamml.pipelines.anomaly.AnomalyPipeline;
import dev.streamml.pipelines.features.FeaturesPipeline;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.beam.sdk.PipelineResult;

/**
 * A pipeline the harness can measure, with its baseline: how to name its topics, start it, run
 * the baseline against the same input, and how many results a given input yields.
 *
 * <pre>{@code
 * BenchPipeline pipeline = BenchPipeline.named("anomaly");
 * List<String> args = pipeline.topicArgs(servers, "bench-in", "bench-out-");
 * }</pre>
 */
public enum BenchPipeline {
  /** The anomaly scoring pipeline: one result per event on the scores topic. */
  ANOMALY {
    @Override
    List<String> topicArgs(String servers, String input, String outPrefix) {
      return List.of(
          "--bootstrapServers=" + servers,
          "--inputTopic=" + input,
          "--scoresTopic=" + outPrefix + "scores",
          "--alertsTopic=" + outPrefix + "alerts",
          "--deadLetterTopic=" + outPrefix + "dead-letters");
    }

    @Override
    List<String> outputTopics(String outPrefix) {
      return List.of(outPrefix + "scores", outPrefix + "alerts", outPrefix + "dead-letters");
    }

    @Override
    PipelineResult start(String[] args) {
      return AnomalyPipeline.run(AnomalyPipeline.options(args));
    }

    @Override
    long runBaseline(String[] args) {
      return AnomalyBaseline.of(AnomalyPipeline.options(args)).runToEnd();
    }

    @Override
    long expectedResults(BenchEvents events, long n) {
      return n;
    }
  },

  /** The features pipeline with fixed one-minute windows: one record per key and window. */
  FEATURES {
    @Override
    List<String> topicArgs(String servers, String input, String outPrefix) {
      return List.of(
          "--bootstrapServers=" + servers,
          "--inputTopic=" + input,
          "--outputTopic=" + outPrefix + "scores",
          "--lateTopic=" + outPrefix + "late",
          "--deadLetterTopic=" + outPrefix + "dead-letters",
          "--window=" + WINDOW);
    }

    @Override
    List<String> outputTopics(String outPrefix) {
      return List.of(outPrefix + "scores", outPrefix + "late", outPrefix + "dead-letters");
    }

    @Override
    PipelineResult start(String[] args) {
      return FeaturesPipeline.run(FeaturesPipeline.options(args));
    }

    @Override
    long runBaseline(String[] args) {
      return FeaturesBaseline.of(FeaturesPipeline.options(args)).runToEnd();
    }

    @Override
    long expectedResults(BenchEvents events, long n) {
      Set<String> windows = new HashSet<>();
      for (long i = 0; i < n; i++) {
        windows.add(events.key(i) + "/" + Math.floorDiv(events.eventMillis(i), WINDOW_MILLIS));
      }
      return windows.size();
    }
  };

  static final String WINDOW = "fixed:1m";
  static final long WINDOW_MILLIS = 60_000;

  /** Pipeline and output topic arguments; the main output topic is {@code outPrefix + "scores"}. */
  abstract List<String> topicArgs(String servers, String input, String outPrefix);

  /** Every topic the pipeline writes, the main one first. */
  abstract List<String> outputTopics(String outPrefix);

  /** Starts the pipeline (on Flink attached, returns when the job ends). */
  abstract PipelineResult start(String[] args);

  /** Runs the baseline on the input the arguments name; returns the records it wrote. */
  abstract long runBaseline(String[] args);

  /** Records on the main output topic for events 0..n-1. */
  abstract long expectedResults(BenchEvents events, long n);

  /** The CLI name. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The names {@link #named} accepts. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (BenchPipeline pipeline : values()) {
      names.add(pipeline.cliName());
    }
    return names;
  }

  /**
   * The pipeline called {@code name}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static BenchPipeline named(String name) {
    for (BenchPipeline pipeline : values()) {
      if (pipeline.cliName().equals(name)) {
        return pipeline;
      }
    }
    throw new IllegalArgumentException(
        "invalid --pipeline: unknown pipeline '" + name + "'; accepted: " + String.join(", ", names()));
  }
}
