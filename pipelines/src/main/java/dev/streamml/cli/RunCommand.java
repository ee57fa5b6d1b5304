package dev.streamml.cli;

import dev.streamml.pipelines.anomaly.AnomalyPipeline;
import dev.streamml.pipelines.features.FeaturesPipeline;
import dev.streamml.pipelines.runners.RunnerProfiles;
import dev.streamml.pipelines.sessions.SessionsPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.PipelineResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code streamml run PIPELINE [--beamOption=value ...]}: runs a pipeline with Beam options, on
 * the runner picked with {@code --runner} (a profile of {@code runners-config/runners/}).
 *
 * <pre>{@code
 * ./streamml run features --runner=flink --bootstrapServers=127.0.0.1:9092 --window=fixed:5m
 * }</pre>
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a pipeline (features, anomaly, sessions) with Beam pipeline options until it ends.",
    footer = {
      "",
      "Pipeline options are Beam's: --name=value. See README.md for each pipeline's options.",
      "Example:",
      "  ./streamml run features --bootstrapServers=127.0.0.1:9092 --inputTopic=events",
      "  ./streamml run anomaly --bootstrapServers=127.0.0.1:9092 --detector=knn-conformal",
      "  ./streamml run sessions --bootstrapServers=127.0.0.1:9092 --inputTopic=access-log"
    })
final class RunCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PIPELINE", description = "features, anomaly or sessions")
  String pipeline;

  @Option(
      names = "--runner",
      description = "direct (default), flink, flink-cluster, dataflow",
      defaultValue = RunnerProfiles.DEFAULT)
  String runner;

  @Option(names = "--verbose", description = "Print stack traces of failures.")
  boolean verbose;

  // Beam validates these itself and names the nearest option on a typo.
  @Unmatched List<String> options = new ArrayList<>();

  @Override
  public Integer call() {
    String[] args = RunnerProfiles.resolve(runner, options);
    PipelineResult result;
    switch (pipeline) {
      case "features":
        result = FeaturesPipeline.run(FeaturesPipeline.options(args));
        break;
      case "anomaly":
        result = AnomalyPipeline.run(AnomalyPipeline.options(args));
        break;
      case "sessions":
        result = SessionsPipeline.run(SessionsPipeline.options(args));
        break;
      default:
        throw new UsageError(
            "PIPELINE", "unknown pipeline '" + pipeline + "'; accepted: features, anomaly, sessions");
    }
    PipelineResult.State state = result.waitUntilFinish();
    System.out.println("pipeline " + pipeline + " ended: " + state);
    return state == PipelineResult.State.DONE ? 0 : StreammlCli.FAILURE;
  }
}
