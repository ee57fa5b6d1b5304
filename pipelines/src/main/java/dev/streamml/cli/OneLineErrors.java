package dev.streamml.cli;

import picocli.CommandLine;

/**
 * Reports a failed command in one line on stderr (with the stack trace only under {@code
 * --verbose} or {@code STREAMML_VERBOSE=1}) and maps it to an exit code: {@link UsageError} and
 * {@link IllegalArgumentException} are configuration errors (2), anything else a failure (1).
 *
 * <pre>{@code
 * commandLine.setExecutionExceptionHandler(new OneLineErrors());
 * }</pre>
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception error, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    Throwable cause = rootOf(error);
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    commandLine.getErr().println("streamml: " + message.lines().findFirst().orElse(message));
    if (isVerbose(parseResult)) {
      error.printStackTrace(commandLine.getErr());
    }
    return exitCode(cause);
  }

  /**
   * A command line picocli cannot parse (unknown or missing option, missing parameter): one line
   * with picocli's message, its suggestion if any, and where help is; exit code 2. Picocli's own
   * handler would print the whole usage text after it.
   */
  static int parameterError(CommandLine.ParameterException error, String[] args) {
    CommandLine command = error.getCommandLine();
    StringBuilder line = new StringBuilder("streamml: ").append(error.getMessage().strip());
    if (error instanceof CommandLine.UnmatchedArgumentException) {
      java.util.List<String> suggestions =
          new java.util.ArrayList<>(
              ((CommandLine.UnmatchedArgumentException) error).getSuggestions());
      if (suggestions.isEmpty()) {
        // Picocli suggests nothing for "--name=value"; compare the name alone.
        for (String unmatched : ((CommandLine.UnmatchedArgumentException) error).getUnmatched()) {
          String name = unmatched.contains("=") ? unmatched.substring(0, unmatched.indexOf('=')) : unmatched;
          String nearest = name.startsWith("-") ? NearestOption.nearest(command.getCommandSpec(), name) : null;
          if (nearest != null) {
            suggestions.add(nearest);
          }
        }
      }
      if (!suggestions.isEmpty()) {
        line.append("; did you mean ").append(String.join(" or ", suggestions)).append('?');
      }
    }
    line.append(" (see: ").append(command.getCommandSpec().qualifiedName()).append(" --help)");
    command.getErr().println(line.toString().lines().findFirst().orElse(""));
    for (String arg : args) {
      if (arg.equals("--verbose")) {
        error.printStackTrace(command.getErr());
      }
    }
    return StreammlCli.USAGE;
  }

  static int exitCode(Throwable error) {
    if (error instanceof CommandLine.ParameterException) {
      return StreammlCli.USAGE;
    }
    Throwable cause = rootOf(error);
    return cause instanceof UsageError || cause instanceof IllegalArgumentException
        ? StreammlCli.USAGE
        : StreammlCli.FAILURE;
  }

  /**
   * The error worth showing: the outermost usage error (it names the option; Beam and our own
   * settings wrap the detail inside it), else the innermost cause.
   */
  private static Throwable rootOf(Throwable error) {
    Throwable innermost = error;
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof UsageError || cause instanceof IllegalArgumentException) {
        return cause;
      }
      innermost = cause;
      if (cause.getCause() == cause) {
        break;
      }
    }
    return innermost;
  }

  private static boolean isVerbose(CommandLine.ParseResult parseResult) {
    if ("1".equals(System.getenv("STREAMML_VERBOSE"))) {
      return true;
    }
    for (CommandLine.ParseResult result = parseResult;
        result != null;
        result = result.subcommand()) {
      if (result.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
