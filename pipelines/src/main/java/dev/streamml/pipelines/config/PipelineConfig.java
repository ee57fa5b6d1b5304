package dev.streamml.pipelines.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.streamml.pipelines.anomaly.DetectorCatalog;
import dev.streamml.pipelines.options.PipelineSettings;
import dev.streamml.pipelines.runners.RunnerProfiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A whole pipeline described in one YAML or properties file: which pipeline, the runner, the
 * source, the windowing, the transform settings, the sinks, and any other Beam option. The file is
 * checked before anything starts; each mistake is reported as one {@link ConfigException} line
 * that names the file and the key, e.g. {@code anomaly.yaml: unknown key 'windowing.windw'; did
 * you mean 'windowing.window'?}.
 *
 * <p>Keys (YAML nesting or dotted properties keys are the same thing):
 *
 * <pre>
 * pipeline                    features | anomaly (required)
 * runner                      direct (default) | flink | flink-cluster | dataflow
 * source.bootstrapServers     Kafka brokers
 * source.topic                input topic
 * source.format               json | csv;  source.csvColumns, source.keyField, source.defaultKey,
 *                             source.timestampField, source.valueField
 * source.maxOutOfOrderness    source.idleTimeout, source.readToEnd
 * windowing.window            e.g. sliding:10m/1m (features only)
 * windowing.trigger           e.g. early=30s,lateness=10m (features only)
 * transforms.detector         anomaly detector (anomaly only); transforms.threshold,
 *                             transforms.modelIdleTimeout
 * sink.topic                  features or anomaly scores topic
 * sink.alertsTopic            anomaly alerts topic (anomaly only)
 * sink.deadLetterTopic        sink.lateTopic (features only)
 * options.NAME                any other Beam option, passed as --NAME=value
 * </pre>
 *
 * <pre>{@code
 * PipelineConfig config = PipelineConfig.load(Path.of("runners-config/pipelines/anomaly.yaml"));
 * String[] args = RunnerProfiles.resolve(config.runner(), config.beamArgs());
 * AnomalyPipeline.run(AnomalyPipeline.options(args));
 * }</pre>
 */
public final class PipelineConfig {
  /** The pipelines a file may name. */
  public static final List<String> PIPELINES = List.of("features", "anomaly");

  // Key -> Beam option, and which pipelines accept it ("" = both).
  private static final Map<String, String[]> KEYS = new LinkedHashMap<>();

  static {
    key("source.bootstrapServers", "bootstrapServers", "");
    key("source.topic", "inputTopic", "");
    key("source.format", "format", "");
    key("source.csvColumns", "csvColumns", "");
    key("source.keyField", "keyField", "");
    key("source.defaultKey", "defaultKey", "");
    key("source.timestampField", "timestampField", "");
    key("source.valueField", "valueField", "");
    key("source.maxOutOfOrderness", "maxOutOfOrderness", "");
    key("source.idleTimeout", "idleTimeout", "");
    key("source.readToEnd", "readToEnd", "");
    key("windowing.window", "window", "features");
    key("windowing.trigger", "trigger", "features");
    key("transforms.detector", "detector", "anomaly");
    key("transforms.threshold", "threshold", "anomaly");
    key("transforms.modelIdleTimeout", "modelIdleTimeout", "anomaly");
    key("sink.topic", "", "");
    key("sink.alertsTopic", "alertsTopic", "anomaly");
    key("sink.deadLetterTopic", "deadLetterTopic", "");
    key("sink.lateTopic", "lateTopic", "features");
  }

  private static void key(String key, String option, String pipeline) {
    KEYS.put(key, new String[] {option, pipeline});
  }

  private final String pipeline;
  private final String runner;
  private final List<String> beamArgs;

  private PipelineConfig(String pipeline, String runner, List<String> beamArgs) {
    this.pipeline = pipeline;
    this.runner = runner;
    this.beamArgs = beamArgs;
  }

  /**
   * Reads and checks {@code file}: {@code .yaml}/{@code .yml} as YAML, {@code .properties} as
   * Java properties.
   *
   * @throws ConfigException with a one-line message naming the file and the key
   */
  public static PipelineConfig load(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file + ": no such file");
    }
    Map<String, String> flat;
    try {
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        flat = readYaml(file);
      } else if (name.endsWith(".properties")) {
        flat = readProperties(file);
      } else {
        throw new ConfigException(file + ": unknown file type; use .yaml, .yml or .properties");
      }
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          file + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    return of(file.getFileName().toString(), flat);
  }

  /** Checks already-flattened settings; {@code source} names them in messages. */
  public static PipelineConfig of(String source, Map<String, String> settings) {
    Map<String, String> flat = new TreeMap<>(settings);
    String pipeline = flat.remove("pipeline");
    if (pipeline == null || pipeline.isBlank()) {
      throw new ConfigException(source + ": 'pipeline' is required; one of " + PIPELINES);
    }
    if (!PIPELINES.contains(pipeline)) {
      throw new ConfigException(
          source + ": pipeline: unknown pipeline '" + pipeline + "'; one of " + PIPELINES);
    }
    String runner = flat.remove("runner");
    runner = runner == null ? RunnerProfiles.DEFAULT : runner;
    try {
      RunnerProfiles.profileOf(runner);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": runner: " + e.getMessage());
    }
    List<String> args = new ArrayList<>();
    for (Map.Entry<String, String> setting : flat.entrySet()) {
      String key = setting.getKey();
      String value = setting.getValue();
      if (key.startsWith("options.")) {
        String option = key.substring("options.".length());
        if (option.isEmpty() || option.equals("runner")) {
          throw new ConfigException(
              source + ": " + key + ": not allowed here; set the runner with 'runner'");
        }
        args.add("--" + option + "=" + value);
        continue;
      }
      String[] known = KEYS.get(key);
      if (known == null) {
        throw new ConfigException(source + ": " + unknownKey(key));
      }
      if (!known[1].isEmpty() && !known[1].equals(pipeline)) {
        throw new ConfigException(
            source + ": " + key + ": applies to the " + known[1] + " pipeline only, not "
                + pipeline);
      }
      check(source, key, value);
      String option = key.equals("sink.topic")
          ? (pipeline.equals("features") ? "outputTopic" : "scoresTopic")
          : known[0];
      args.add("--" + option + "=" + value);
    }
    return new PipelineConfig(pipeline, runner, List.copyOf(args));
  }

  private static void check(String source, String key, String value) {
    try {
      switch (key) {
        case "windowing.window" -> PipelineSettings.window(value);
        case "windowing.trigger" -> PipelineSettings.trigger(value);
        case "source.maxOutOfOrderness", "source.idleTimeout", "transforms.modelIdleTimeout" ->
            PipelineSettings.duration(key, value);
        case "transforms.detector" -> DetectorCatalog.named(value);
        case "transforms.threshold" -> Double.parseDouble(value);
        case "source.format" -> {
          if (!value.equals("json") && !value.equals("csv")) {
            throw new IllegalArgumentException("'" + value + "'; accepted: json, csv");
          }
        }
        case "source.readToEnd" -> {
          if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("'" + value + "'; accepted: true, false");
          }
        }
        default -> {
          if (value.isBlank() && !key.equals("windowing.trigger")) {
            throw new IllegalArgumentException("empty value");
          }
        }
      }
    } catch (IllegalArgumentException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      // The settings' own messages name the Beam option; the file's reader knows the key.
      message = message.replaceFirst("^invalid --?[A-Za-z.]+: ", "");
      throw new ConfigException(source + ": " + key + ": " + message);
    }
  }

  private static String unknownKey(String key) {
    String nearest = null;
    int best = 4;
    List<String> all = new ArrayList<>(KEYS.keySet());
    all.add("pipeline");
    all.add("runner");
    for (String candidate : all) {
      int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < best) {
        best = d;
        nearest = candidate;
      }
    }
    return "unknown key '"
        + key
        + "'"
        + (nearest == null
            ? "; known keys: pipeline, runner, " + String.join(", ", KEYS.keySet()) + ", options.*"
            : "; did you mean '" + nearest + "'?");
  }

  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
      }
    }
    return d[a.length()][b.length()];
  }

  private static Map<String, String> readYaml(Path file) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    Map<String, String> flat = new TreeMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return flat;
    }
    if (!root.isObject()) {
      throw new ConfigException(file.getFileName() + ": expected key: value pairs at the top");
    }
    flatten("", root, flat, file);
    return flat;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> flat, Path file) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = prefix + field.getKey();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        flatten(key + ".", value, flat, file);
      } else if (value.isArray()) {
        List<String> items = new ArrayList<>();
        value.forEach(item -> items.add(item.asText()));
        flat.put(key, String.join(",", items));
      } else {
        flat.put(key, value.isNull() ? "" : value.asText());
      }
    }
  }

  private static Map<String, String> readProperties(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, String> flat = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> flat.put(k, properties.getProperty(k).trim()));
    return flat;
  }

  /** {@code features} or {@code anomaly}. */
  public String pipeline() {
    return pipeline;
  }

  /** The runner name, a profile of {@code runners-config/runners/}. */
  public String runner() {
    return runner;
  }

  /** The pipeline's Beam arguments, {@code --name=value}, without the runner profile's. */
  public List<String> beamArgs() {
    return beamArgs;
  }
}
