package dev.streamml.cli;

import dev.streamml.launchers.BrokerControl;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code streamml kafka start|stop|status}: a local single-node Apache Kafka broker (KRaft, from
 * Maven Central jars) on 127.0.0.1 that outlives the command, stopped by pid.
 *
 * <pre>{@code
 * ./streamml kafka start      # kafka started bootstrap.servers=127.0.0.1:PORT pid=PID
 * ./streamml kafka status
 * ./streamml kafka stop
 * }</pre>
 */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description = "Start, stop or show a local Kafka broker (127.0.0.1, free ports).",
    footer = {"", "Example:", "  ./streamml kafka start && ./streamml kafka status"})
final class KafkaCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "ACTION",
      description = "start, stop or status")
  String action;

  @Option(
      names = "--dir",
      description = "State and data folder (default: ${DEFAULT-VALUE}).",
      defaultValue = BrokerControl.DEFAULT_DIR)
  String dir;

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>(List.of(action, "--dir", dir));
    return BrokerControl.run(args.toArray(new String[0]), System.out, System.err);
  }
}
