package dev.streamml.cli;

import dev.streamml.launchers.FlinkControl;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code streamml flink start|stop|status|metrics}: a local Apache Flink 1.19 session cluster (one
 * JobManager, N TaskManagers, each its own JVM from Maven Central jars) on 127.0.0.1 that outlives
 * the command, stopped by pid. Pipelines go to it with {@code --runner=flink-cluster} (its REST
 * address is then the default {@code --flinkMaster}); {@code metrics} prints the streamml Beam
 * metrics of its running jobs, as its web UI shows them.
 *
 * <pre>{@code
 * ./streamml flink start --taskmanagers 2   # flink started rest=127.0.0.1:PORT jobmanager.pid=...
 * ./streamml run anomaly --runner=flink-cluster --exactlyOnce=true
 * ./streamml flink status
 * ./streamml flink metrics                  # job ... RUNNING, then streamml_events_parsed 7267 ...
 * ./streamml flink stop
 * }</pre>
 */
@Command(
    name = "flink",
    mixinStandardHelpOptions = true,
    description =
        "Start, stop or show a local Flink session cluster (127.0.0.1, free ports), or print the"
            + " streamml metrics of its running jobs.",
    footer = {
      "",
      "Example:",
      "  ./streamml flink start --taskmanagers 2 && ./streamml flink status",
      "  ./streamml run features --runner=flink-cluster   # submits to the cluster started here",
      "  ./streamml flink metrics                         # events in, dead letters, ... per job"
    })
final class FlinkCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "ACTION", description = "start, stop, status or metrics")
  String action;

  @Option(
      names = "--taskmanagers",
      description = "TaskManager JVMs to start, 1 to 8 (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  int taskManagers;

  @Option(
      names = "--slots",
      description = "Task slots per TaskManager, 1 to 16 (default: ${DEFAULT-VALUE}).",
      defaultValue = "2")
  int slots;

  @Option(
      names = "--dir",
      description = "State, logs, checkpoints (default: ${DEFAULT-VALUE}).",
      defaultValue = FlinkControl.DEFAULT_DIR)
  String dir;

  @Override
  public Integer call() {
    List<String> args =
        List.of(action, "--dir", dir, "--taskmanagers", Integer.toString(taskManagers),
            "--slots", Integer.toString(slots));
    return FlinkControl.run(args.toArray(new String[0]), System.out, System.err);
  }
}
