package dev.streamml.cli;

import dev.streamml.pipelines.anomaly.AnomalyPipeline;
import dev.streamml.pipelines.config.PipelineConfig;
import dev.streamml.pipelines.features.FeaturesPipeline;
import dev.streamml.pipelines.online.OnlineLearningPipeline;
import dev.streamml.pipelines.report.RunMetrics;
import dev.streamml.pipelines.runners.RunnerProfiles;
import dev.streamml.pipelines.sessions.SessionsPipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.annotation.Nullable;
import org.apache.beam.sdk.PipelineResult;
import picocli.CommandLine;
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
    description =
        "Run a pipeline (features, anomaly, online-learning, sessions) with Beam pipeline options"
            + " until it ends.",
    footer = {
      "",
      "Pipeline options are Beam's: --name=value. See README.md for each pipeline's options.",
      "Example:",
      "  ./streamml run features --bootstrapServers=127.0.0.1:9092 --inputTopic=events",
      "  ./streamml run anomaly --bootstrapServers=127.0.0.1:9092 --detector=knn-conformal",
      "  ./streamml run --config runners-config/pipelines/anomaly.yaml",
      "  ./streamml run sessions --bootstrapServers=127.0.0.1:9092 --inputTopic=access-log"
    })
final class RunCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PIPELINE",
      description = "features, anomaly, online-learning or sessions (or given by --config)")
  @Nullable
  String pipeline;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Pipeline file (YAML or .properties): pipeline, runner, source, windowing, transforms,"
              + " sink, options; see runners-config/pipelines/. Options given here override it.")
  @Nullable
  Path config;

  @Option(
      names = "--runner",
      description = "direct (default), flink, flink-cluster, dataflow",
      defaultValue = RunnerProfiles.DEFAULT)
  String runner;

  @Option(names = "--verbose", description = "Print stack traces of failures.")
  boolean verbose;

  // Beam validates these itself and names the nearest option on a typo.
  @Unmatched List<String> options = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<String> given = new ArrayList<>(options);
    if (config != null) {
      PipelineConfig file = PipelineConfig.load(config);
      if (pipeline != null && !pipeline.equals(file.pipeline())) {
        throw new UsageError(
            "PIPELINE", "'" + pipeline + "' but " + config + " describes " + file.pipeline());
      }
      pipeline = file.pipeline();
      given.addAll(0, file.beamArgs());
      if (!spec.commandLine().getParseResult().hasMatchedOption("--runner")) {
        runner = file.runner();
      }
    }
    if (pipeline == null) {
      throw new UsageError(
          "PIPELINE", "missing; give features, anomaly, online-learning or sessions, or --config FILE");
    }
    String[] args = RunnerProfiles.resolve(runner, given);
    PipelineResult result;
    switch (pipeline) {
      case "features":
        result = FeaturesPipeline.run(FeaturesPipeline.options(args));
        break;
      case "anomaly":
        result = AnomalyPipeline.run(AnomalyPipeline.options(args));
        break;
      case "online-learning":
        result = OnlineLearningPipeline.run(OnlineLearningPipeline.options(args));
        break;
      case "sessions":
        result = SessionsPipeline.run(SessionsPipeline.options(args));
        break;
      default:
        throw new UsageError(
            "PIPELINE",
            "unknown pipeline '" + pipeline + "'; accepted: features, anomaly, online-learning,"
                + " sessions");
    }
    if (List.of(args).contains("--attachedMode=false")) {
      // Detached on a Flink cluster: the job runs there until cancelled or stopped with a savepoint.
      System.out.println("pipeline " + pipeline + " submitted (detached); see docs/operations.md");
      return 0;
    }
    PipelineResult.State state = result.waitUntilFinish();
    RunMetrics.of(result).print(System.out);
    System.out.println("pipeline " + pipeline + " ended: " + state);
    return state == PipelineResult.State.DONE ? 0 : StreammlCli.FAILURE;
  }
}
