package dev.streamml.pipelines.runners;

import dev.streamml.launchers.FlinkControl;
import dev.streamml.pipelines.options.Delivery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns a runner name into Beam pipeline arguments, from the option files in {@code
 * runners-config/runners/} (packaged as {@code runners/<profile>.options}).
 *
 * <p>Names: {@code direct} (the default), {@code flink} or {@code flink-local} (embedded Flink),
 * {@code flink-cluster} (a session cluster), {@code dataflow}; Beam's own {@code DirectRunner}
 * and {@code FlinkRunner} are accepted too. Arguments the user gives win over the profile's.
 * {@code flink-cluster} without a {@code --flinkMaster} submits to the cluster that {@code
 * ./streamml flink start} recorded in {@value FlinkControl#DEFAULT_DIR} (its REST address), and is
 * refused when none runs there. The Flink runners also get {@code --flinkConfDir} set to the
 * packaged {@code flink-conf.yaml} ({@link FlinkConfDir}) unless the user gives one or sets
 * FLINK_CONF_DIR.
 *
 * <pre>{@code
 * String[] beamArgs = RunnerProfiles.resolve("flink", List.of("--parallelism=1"));
 * // --runner=FlinkRunner --flinkMaster=[local] --streaming=true --parallelism=1 ...
 * }</pre>
 */
public final class RunnerProfiles {

  public static final String DEFAULT = "direct";
  public static final String ACCEPTED =
      "direct, flink (embedded), flink-cluster, dataflow, DirectRunner, FlinkRunner";

  private static final Map<String, String> PROFILES = new LinkedHashMap<>();
  private static final String CLUSTER_PROFILE = "flink-cluster";
  private static final String FLINK_MASTER = "--flinkMaster";
  private static final String FLINK_CONF_DIR = "--flinkConfDir";

  static {
    PROFILES.put("direct", "direct");
    PROFILES.put("directrunner", "direct");
    PROFILES.put("flink", "flink-local");
    PROFILES.put("flink-local", "flink-local");
    PROFILES.put("flinkrunner", "flink-local");
    PROFILES.put("flink-cluster", "flink-cluster");
    PROFILES.put("dataflow", "dataflow");
    PROFILES.put("dataflowrunner", "dataflow");
  }

  private RunnerProfiles() {}

  /** The profile file name (without extension) for a runner name. */
  public static String profileOf(String runner) {
    String profile = PROFILES.get(runner.trim().toLowerCase(Locale.ROOT));
    if (profile == null) {
      throw new IllegalArgumentException(
          "invalid --runner: unknown runner '" + runner + "'; accepted: " + ACCEPTED);
    }
    return profile;
  }

  /**
   * The profile's arguments overridden by {@code userArgs}; a {@code --runner} among the user's
   * arguments selects the profile. A submission to a remote Flink cluster gets the bundled jar
   * staged, and is refused if that jar is missing or stale ({@link BundledJar}).
   */
  public static String[] resolve(String runner, List<String> userArgs) {
    return resolve(
        runner,
        userArgs,
        () -> FlinkControl.recordedRestAddress(Path.of(FlinkControl.DEFAULT_DIR)),
        () -> Optional.ofNullable(System.getenv("FLINK_CONF_DIR")).filter(dir -> !dir.isBlank()));
  }

  /**
   * {@link #resolve(String, List)} with the recorded cluster's REST address from {@code
   * recordedCluster} and the user's own Flink configuration folder from {@code
   * flinkConfDirFromEnvironment} (FLINK_CONF_DIR, which Beam reads when no --flinkConfDir is given).
   */
  static String[] resolve(
      String runner,
      List<String> userArgs,
      Supplier<Optional<String>> recordedCluster,
      Supplier<Optional<String>> flinkConfDirFromEnvironment) {
    String chosen = runner;
    List<String> rest = new ArrayList<>();
    for (String arg : userArgs) {
      if (arg.startsWith("--runner=")) {
        chosen = arg.substring("--runner=".length());
      } else {
        rest.add(arg);
      }
    }
    Map<String, String> merged = new LinkedHashMap<>();
    for (String arg : profileArgs(profileOf(chosen))) {
      merged.put(optionName(arg), arg);
    }
    for (String arg : rest) {
      merged.put(optionName(arg), arg);
    }
    if (profileOf(chosen).equals(CLUSTER_PROFILE) && !merged.containsKey(FLINK_MASTER)) {
      String address =
          recordedCluster
              .get()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "invalid " + FLINK_MASTER + ": not given, and no running Flink cluster is"
                              + " recorded in " + FlinkControl.DEFAULT_DIR + "/"
                              + FlinkControl.STATE_FILE + "; start one with ./streamml flink start,"
                              + " or pass " + FLINK_MASTER + "=HOST:PORT"));
      merged.put(FLINK_MASTER, FLINK_MASTER + "=" + address);
    }
    if (isFlink(profileOf(chosen))
        && !merged.containsKey(FLINK_CONF_DIR)
        && flinkConfDirFromEnvironment.get().isEmpty()) {
      merged.put(FLINK_CONF_DIR, FLINK_CONF_DIR + "=" + FlinkConfDir.materialized());
    }
    String[] args = merged.values().toArray(new String[0]);
    Delivery.checkArgs(args);
    return BundledJar.checkedForCluster(args);
  }

  /** The arguments of one profile file, comments and blank lines left out. */
  public static List<String> profileArgs(String profile) {
    String resource = "/runners/" + profile + ".options";
    try (InputStream in = RunnerProfiles.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("runner profile " + resource + " is not on the classpath");
      }
      List<String> args = new ArrayList<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String trimmed = line.trim();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          args.add(trimmed);
        }
      }
      return args;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isFlink(String profile) {
    return profile.equals("flink-local") || profile.equals(CLUSTER_PROFILE);
  }

  private static String optionName(String arg) {
    int equals = arg.indexOf('=');
    return equals < 0 ? arg : arg.substring(0, equals);
  }
}
