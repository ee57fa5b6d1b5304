package dev.streamml.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * For commands that pass options they do not know on to Beam: an unknown option within two edits
 * of one of the command's own options is almost surely a typo of it, so it fails here with the
 * suggestion rather than reaching Beam, which knows nothing of the command's options.
 *
 * <pre>{@code
 * NearestOption.rejectTypos(spec, beamOptions); // --reprt=x: "unknown option '--reprt'; did you mean --report?"
 * }</pre>
 */
final class NearestOption {
  private static final int MAX_EDITS = 2;

  private NearestOption() {}

  /**
   * Throws a {@link UsageError} for the first of {@code unmatched} that is close to an option of
   * {@code spec}.
   */
  static void rejectTypos(CommandSpec spec, List<String> unmatched) {
    for (String arg : unmatched) {
      if (!arg.startsWith("--")) {
        continue;
      }
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String nearest = nearest(spec, name);
      if (nearest != null) {
        throw new UsageError("unknown option '" + name + "'; did you mean " + nearest + "?");
      }
    }
  }

  /** The option of {@code spec} nearest to {@code name} within two edits, or null. */
  static String nearest(CommandSpec spec, String name) {
    String best = null;
    int bestDistance = MAX_EDITS + 1;
    for (OptionSpec option : spec.options()) {
      for (String candidate : option.names()) {
        int d = distance(name, candidate);
        if (d > 0 && d < bestDistance) {
          best = candidate;
          bestDistance = d;
        }
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
