package dev.streamml.pipelines.prequential;

import dev.streamml.eval.metrics.ClassificationMetrics;
import dev.streamml.online.beam.PrequentialLearning;
import dev.streamml.pipelines.prequential.PrequentialPipeline.ScoredRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Runs {@link PrequentialPipeline} over a {@link LabelledCsv} and scores the predictions it wrote.
 *
 * <pre>{@code
 * Outcome outcome = PrequentialEvaluation.run(csv, ModelCatalog.RECOMMENDED, true, options);
 * double accuracy = outcome.metrics().accuracy();
 * }</pre>
 */
public final class PrequentialEvaluation {
  private PrequentialEvaluation() {}

  /** The metrics of every prediction and how long the pipeline took. */
  public record Outcome(ClassificationMetrics metrics, long events, double pipelineSeconds) {
    public double eventsPerSecond() {
      return pipelineSeconds > 0 ? events / pipelineSeconds : Double.NaN;
    }
  }

  /** Learns {@code csv} with a fresh model {@code modelName}; predictions go to a temp folder. */
  public static Outcome run(
      LabelledCsv csv, String modelName, boolean causalFeatures, PipelineOptions options)
      throws IOException {
    int classes = csv.classCount();
    PrequentialLearning learning =
        PrequentialLearning.of(ModelCatalog.named(modelName, classes));
    if (causalFeatures) {
      learning = learning.withCausalFeatures();
    }
    Path out = Files.createTempDirectory("streamml-prequential-");
    try {
      Pipeline pipeline = Pipeline.create(options);
      PrequentialPipeline.build(pipeline, csv.events(), learning, out);
      long start = System.nanoTime();
      pipeline.run().waitUntilFinish();
      double seconds = (System.nanoTime() - start) / 1e9;
      List<ScoredRow> rows = PrequentialPipeline.read(out);
      if (rows.size() != csv.rowCount()) {
        throw new IllegalStateException(
            "expected " + csv.rowCount() + " predictions, the pipeline wrote " + rows.size());
      }
      ClassificationMetrics metrics = ClassificationMetrics.forClasses(classes);
      for (ScoredRow row : rows) {
        if (classes == 2) {
          metrics.add(row.actual(), row.predicted(), row.probabilityOfOne());
        } else {
          metrics.add(row.actual(), row.predicted());
        }
      }
      return new Outcome(metrics, rows.size(), seconds);
    } finally {
      deleteQuietly(out);
    }
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temp folder left behind is harmless.
    }
  }
}
