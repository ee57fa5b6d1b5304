package dev.streamml.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Makes every command's {@code --help} show each option's default ({@code Default: X} under its
 * description), so a new option cannot forget it. Options whose description already names the
 * default through {@code ${DEFAULT-VALUE}}, and options with no or an empty default, are left as
 * they are (picocli would otherwise print the default twice, or an empty one).
 *
 * <pre>{@code
 * CommandLine commandLine = new CommandLine(new StreammlCli());
 * CliHelp.showDefaults(commandLine);
 * }</pre>
 */
final class CliHelp {
  private CliHelp() {}

  /** Applies to {@code commandLine} and all its subcommands. */
  static void showDefaults(CommandLine commandLine) {
    CommandSpec spec = commandLine.getCommandSpec();
    for (OptionSpec option : List.copyOf(spec.options())) {
      if (needsDefaultShown(option)) {
        // OptionSpec is immutable: swap in a copy that always shows its default.
        spec.remove(option);
        spec.addOption(
            option.toBuilder().showDefaultValue(CommandLine.Help.Visibility.ALWAYS).build());
      }
    }
    commandLine.getSubcommands().values().forEach(CliHelp::showDefaults);
  }

  private static boolean needsDefaultShown(OptionSpec option) {
    String defaultValue = option.defaultValue();
    return defaultValue != null
        && !defaultValue.isEmpty()
        && !option.usageHelp()
        && !option.versionHelp()
        && !namesDefault(String.join(" ", option.description()), defaultValue);
  }

  // picocli hands out descriptions with ${DEFAULT-VALUE} already replaced.
  private static boolean namesDefault(String description, String defaultValue) {
    return description.contains("${DEFAULT-VALUE}")
        || description.contains("default: " + defaultValue);
  }
}
