package dev.streamml.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code streamml} command: {@code ./streamml --help} lists the commands.
 *
 * <p>Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error.
 *
 * <pre>{@code
 * ./streamml demo                       # replay NAB data through Kafka into the features pipeline
 * ./streamml demo --runner=flink        # the same on embedded Flink
 * ./streamml run features --bootstrapServers=127.0.0.1:9092 --window=sliding:10m/1m
 * ./streamml kafka start                # a local broker that outlives the command
 * ./streamml flink start --taskmanagers 2   # a local Flink session cluster
 * ./streamml nab --out results          # NAB scores of the recommended anomaly detector
 * }</pre>
 */
@Command(
    name = "streamml",
    mixinStandardHelpOptions = true,
    versionProvider = StreammlCli.Version.class,
    description = "Streaming data processing for machine learning on Apache Beam.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      ReplayCommand.class,
      KafkaCommand.class,
      FlinkCommand.class,
      NabCommand.class,
      PrequentialCommand.class,
      CompletionCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class StreammlCli implements Runnable {

  /** Exit code of a usage or configuration error. */
  public static final int USAGE = 2;
  /** Exit code of a failure while running. */
  public static final int FAILURE = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code. */
  public static int execute(String... args) {
    CommandLine commandLine = new CommandLine(new StreammlCli());
    CliHelp.showDefaults(commandLine);
    commandLine.setExecutionExceptionHandler(new OneLineErrors());
    commandLine.setExitCodeExceptionMapper(OneLineErrors::exitCode);
    commandLine.setParameterExceptionHandler(OneLineErrors::parameterError);
    return commandLine.execute(args);
  }

  /** The version of the package, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = StreammlCli.class.getPackage().getImplementationVersion();
      return new String[] {"streamml " + (version == null ? "dev" : version)};
    }
  }
}
