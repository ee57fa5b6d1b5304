package dev.streamml.pipelines.config;

/**
 * A mistake in a pipeline file, in one line naming the file and the key. It is an {@link
 * IllegalArgumentException}, so the command line reports it as a usage error (exit code 2).
 *
 * <pre>{@code
 * try {
 *   PipelineConfig.load(file);
 * } catch (ConfigException e) {
 *   System.err.println(e.getMessage()); // anomaly.yaml: windowing.window: applies to ...
 * }
 * }</pre>
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
