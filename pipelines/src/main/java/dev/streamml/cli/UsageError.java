package dev.streamml.cli;

/**
 * A configuration mistake the user can fix: printed as one line, exit code 2.
 *
 * <pre>{@code
 * throw new UsageError("--window", "unknown kind 'fixd'; accepted forms: fixed:<duration>, ...");
 * }</pre>
 */
public final class UsageError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageError(String option, String problem) {
    super("invalid " + option + ": " + problem);
  }

  public UsageError(String message) {
    super(message);
  }
}
