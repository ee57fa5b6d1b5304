package dev.streamml.pipelines.features;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamml.pipelines.options.PipelineSettings;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.model.pipeline.v1.StandardWindowFns.FixedWindowsPayload;
import org.apache.beam.runners.dataflow.DataflowRunner;
import org.apache.beam.runners.dataflow.util.DataflowTemplateJob;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.util.DoFnInfo;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.util.StringUtils;
import org.apache.beam.sdk.util.construction.ParDoTranslation;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The {@code features} pipeline translates and stages for Dataflow, streaming, on Streaming Engine
 * (runner v1) and on runner v2.
 *
 * <p><b>This is a mock of a Dataflow submission, only because Google Cloud cannot be reached
 * here.</b> It runs the real {@link DataflowRunner} offline: with {@code --templateLocation} set,
 * {@code run()} goes through the runner's overrides, its translation to a Dataflow job, staging of
 * the files and of the Runner API pipeline proto ({@code pipeline-*.pb}), then writes the job JSON
 * to a local file instead of calling {@code jobs.create}. Temp and staging locations are local
 * folders, paths are not validated and there are no credentials. The Kafka consumer is a {@link
 * DataflowMockKafkaConsumer} (two empty partitions), because KafkaIO on runner v1 splits the source
 * at submission, which asks the broker for the topic's partitions.
 *
 * <p>What it shows: the pipeline <em>translates and stages for Dataflow</em> (no unsupported
 * construct, e.g. state or timers on merging windows, or {@code @RequiresTimeSortedInput} on v1),
 * and the job it would submit has the expected shape. It does <em>not</em> show that the pipeline
 * runs on Dataflow: the service's own job validation, the workers and Kafka are not involved.
 *
 * <p>Runner v1 executes the {@code steps} of the job JSON, so the v1 test checks them (the staged
 * proto is checked too). Runner v2 sends no steps: it executes the staged pipeline proto that the
 * job's {@code pipelineUrl} names, so the v2 test checks that proto.
 */
public class FeaturesPipelineDataflowTest {

  private static final String WINDOW_OPTION = "--window=fixed:5m";
  private static final Duration WINDOW_SIZE = Duration.standardMinutes(5);
  private static final int PARTITIONS = 2;

  private static final String ROUTER = "WindowedFeatures/AssignWindows/RouteTooLate";
  /** The router's {@code @TimerId("watermark")}, as the proto names a plain timer's family. */
  private static final String ROUTER_TIMER = "ts-watermark";
  private static final String COMBINE = "WindowedFeatures/SummarisePerKey";

  private static final String FIXED_WINDOWS_URN = "beam:window_fn:fixed_windows:v1";
  private static final String GLOBAL_WINDOWS_URN = "beam:window_fn:global_windows:v1";
  private static final String PAR_DO_URN = "beam:transform:pardo:v1";
  private static final String WINDOW_INTO_URN = "beam:transform:window_into:v1";
  private static final String COMBINE_PER_KEY_URN = "beam:transform:combine_per_key:v1";
  private static final String GROUP_BY_KEY_URN = "beam:transform:group_by_key:v1";
  private static final String STATEFUL_REQUIREMENT = "beam:requirement:pardo:stateful:v1";

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void translatesAndStagesForStreamingEngineV1() throws Exception {
    Submission job = submit("--enableStreamingEngine");

    assertEquals("JOB_TYPE_STREAMING", job.json.path("type").asText());
    List<String> experiments = experiments(job.json);
    assertThat(experiments, hasItems("enable_streaming_engine", "enable_windmill_service"));
    assertThat(experiments, not(hasItem("use_runner_v2")));
    assertThat(experiments, not(hasItem("beam_fn_api")));

    // Kafka read: KafkaIO's legacy unbounded source, split at submission over the mock partitions.
    JsonNode read = step(job, "ParallelRead", "ReadEvents/ReadKafka/");
    assertThat(userName(read), containsString("KafkaUnboundedSource"));
    JsonNode spec = read.path("properties").path("custom_source_step_input").path("spec");
    Object source = deserializeBase64(spec.path("serialized_source").path("value").asText());
    assertTrue(source instanceof UnboundedSource);
    assertEquals("org.apache.beam.sdk.io.kafka.KafkaUnboundedSource", source.getClass().getName());
    assertEquals(
        "Kafka source splits (one per partition)",
        PARTITIONS,
        spec.path("serialized_source_splits").size());

    // Stateful router: keyed state, in the global window (Dataflow rejects state on merging ones).
    JsonNode router = step(job, "ParallelDo", ROUTER);
    assertEquals("true", router.path("properties").path("uses_keyed_state").path("value").asText());
    DoFnInfo<?, ?> routerFn =
        (DoFnInfo<?, ?>)
            SerializableUtils.deserializeFromByteArray(
                StringUtils.jsonStringToByteArray(serializedFn(router)), "router DoFnInfo");
    assertEquals(
        "dev.streamml.windowing.EventTimeWindows$RouteTooLateFn",
        routerFn.getDoFn().getClass().getName());
    assertTrue(
        "router windows: " + routerFn.getWindowingStrategy().getWindowFn(),
        routerFn.getWindowingStrategy().getWindowFn() instanceof GlobalWindows);

    // Windowing: fixed windows of --window's size, in the step's strategy and display data.
    JsonNode windowInto = step(job, "Bucket", "WindowedFeatures/AssignWindows/");
    assertThat(userName(windowInto), containsString("Window.Assign"));
    assertFixedWindows(v1WindowingStrategy(windowInto), "Window.Assign step");
    assertEquals(
        WINDOW_SIZE.getMillis(),
        displayItem(windowInto, "org.apache.beam.sdk.transforms.windowing.FixedWindows", "size")
            .path("value")
            .asLong());

    // Grouping: the Combine.perKey's GroupByKey, non-merging, in the same windows, then combine.
    JsonNode groupByKey = step(job, "GroupByKey", COMBINE + "/");
    assertFalse(
        "GroupByKey is_merging_window_fn",
        groupByKey.path("properties").path("is_merging_window_fn").path("value").asBoolean(true));
    assertFixedWindows(v1WindowingStrategy(groupByKey), "GroupByKey step");
    step(job, "CombineValues", COMBINE + "/");

    // The three Kafka sinks.
    for (String sink : List.of("WriteFeatures/", "WriteLate/", "WriteDeadLetters/")) {
      step(job, "ParallelDo", sink, "ParMultiDo(KafkaWriter)");
    }

    // v1 stages the Runner API proto too (as built, with KafkaIO's splittable read): same shape.
    assertPipelineProto(job.pipeline);
  }

  @Test
  public void translatesAndStagesForRunnerV2() throws Exception {
    Submission job = submit("--experiments=use_runner_v2");

    assertEquals("JOB_TYPE_STREAMING", job.json.path("type").asText());
    // Runner v2 streaming runs on Streaming Engine: the runner adds it.
    assertThat(
        experiments(job.json),
        hasItems("use_runner_v2", "beam_fn_api", "enable_streaming_engine"));

    RunnerApi.Pipeline pipeline = job.pipeline;
    assertPipelineProto(pipeline);

    // Kafka read: KafkaIO's splittable DoFn under ReadEvents.
    List<String> kafkaReaders = new ArrayList<>();
    for (RunnerApi.PTransform transform : pipeline.getComponents().getTransformsMap().values()) {
      if (transform.getUniqueName().startsWith("ReadEvents/")
          && PAR_DO_URN.equals(transform.getSpec().getUrn())) {
        RunnerApi.ParDoPayload payload =
            RunnerApi.ParDoPayload.parseFrom(transform.getSpec().getPayload());
        if (!payload.getRestrictionCoderId().isEmpty()) {
          kafkaReaders.add(
              transform.getUniqueName()
                  + " -> "
                  + ParDoTranslation.getDoFn(payload).getClass().getName());
        }
      }
    }
    assertEquals(1, kafkaReaders.size());
    assertThat(kafkaReaders.get(0), startsWith("ReadEvents/ReadKafka/KafkaIO.Read"));
    assertThat(
        kafkaReaders.get(0), containsString("org.apache.beam.sdk.io.kafka.ReadFromKafkaDoFn"));
  }

  /** What both runners stage in {@code pipeline-*.pb}. */
  private static void assertPipelineProto(RunnerApi.Pipeline pipeline) throws IOException {
    RunnerApi.Components components = pipeline.getComponents();

    // A Kafka read under ReadEvents.
    RunnerApi.PTransform kafkaRead = transformNamed(components, "ReadEvents/ReadKafka");
    assertTrue(
        "ReadEvents/ReadKafka has no KafkaIO.Read: " + kafkaRead.getSubtransformsList(),
        kafkaRead.getSubtransformsList().stream()
            .map(id -> components.getTransformsOrThrow(id).getUniqueName())
            .anyMatch(name -> name.startsWith("ReadEvents/ReadKafka/KafkaIO.Read")));

    // Stateful router with its event-time timer, in the global window.
    assertThat(pipeline.getRequirementsList(), hasItem(STATEFUL_REQUIREMENT));
    RunnerApi.PTransform router = transformNamed(components, ROUTER);
    assertEquals(PAR_DO_URN, router.getSpec().getUrn());
    RunnerApi.ParDoPayload routerPayload =
        RunnerApi.ParDoPayload.parseFrom(router.getSpec().getPayload());
    assertTrue(
        "router timers: " + routerPayload.getTimerFamilySpecsMap().keySet(),
        routerPayload.containsTimerFamilySpecs(ROUTER_TIMER));
    assertEquals(
        RunnerApi.TimeDomain.Enum.EVENT_TIME,
        routerPayload.getTimerFamilySpecsOrThrow(ROUTER_TIMER).getTimeDomain());
    RunnerApi.WindowingStrategy routerWindows = windowingOfMainInput(components, router);
    assertEquals(GLOBAL_WINDOWS_URN, routerWindows.getWindowFn().getUrn());

    // Window.into with fixed windows of --window's size.
    List<RunnerApi.PTransform> windowInto = transformsWithUrn(components, WINDOW_INTO_URN);
    assertEquals(
        "window_into transforms: " + names(windowInto), 1, windowInto.size());
    assertThat(windowInto.get(0).getUniqueName(), startsWith("WindowedFeatures/AssignWindows/"));
    RunnerApi.FunctionSpec windowFn =
        RunnerApi.WindowIntoPayload.parseFrom(windowInto.get(0).getSpec().getPayload())
            .getWindowFn();
    assertEquals(FIXED_WINDOWS_URN, windowFn.getUrn());
    assertEquals(
        WINDOW_SIZE.getStandardSeconds(),
        FixedWindowsPayload.parseFrom(windowFn.getPayload()).getSize().getSeconds());

    // Combine.perKey with its GroupByKey, whose input is in those (non-merging) windows.
    RunnerApi.PTransform combine = transformNamed(components, COMBINE);
    assertEquals(COMBINE_PER_KEY_URN, combine.getSpec().getUrn());
    List<RunnerApi.PTransform> groupings = transformsWithUrn(components, GROUP_BY_KEY_URN);
    assertEquals("group_by_key transforms: " + names(groupings), 1, groupings.size());
    RunnerApi.PTransform groupByKey = groupings.get(0);
    assertThat(groupByKey.getUniqueName(), startsWith(COMBINE + "/"));
    RunnerApi.WindowingStrategy grouped = windowingOfMainInput(components, groupByKey);
    assertEquals(RunnerApi.MergeStatus.Enum.NON_MERGING, grouped.getMergeStatus());
    assertFixedWindows(
        RunnerApi.MessageWithComponents.newBuilder()
            .setWindowingStrategy(grouped)
            .build(),
        "GroupByKey input");
  }

  // ---------------------------------------------------------------------------------------------
  // Submission

  /** The job the runner would have submitted: its JSON and the staged pipeline proto. */
  private static final class Submission {
    final JsonNode json;
    final RunnerApi.Pipeline pipeline;

    Submission(JsonNode json, RunnerApi.Pipeline pipeline) {
      this.json = json;
      this.pipeline = pipeline;
    }
  }

  /** Builds the features pipeline and runs the Dataflow runner with a template location. */
  private Submission submit(String variant) throws Exception {
    File root = tmp.newFolder();
    File staging = new File(root, "staging");
    File temp = new File(root, "temp");
    File template = new File(root, "job.json");
    File jar = new File(root, "app.jar");
    // An empty jar: staging then copies one small file instead of hashing the whole classpath.
    new JarOutputStream(new FileOutputStream(jar), new Manifest()).close();
    FeaturesPipeline.Options options =
        FeaturesPipeline.options(
            "--runner=DataflowRunner",
            "--project=streamml-offline",
            "--region=us-central1",
            "--tempLocation=" + temp.getAbsolutePath(),
            "--gcpTempLocation=" + temp.getAbsolutePath(),
            "--stagingLocation=" + staging.getAbsolutePath(),
            "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator",
            "--credentialFactoryClass="
                + "org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
            "--filesToStage=" + jar.getAbsolutePath(),
            "--templateLocation=" + template.getAbsolutePath(),
            "--streaming",
            WINDOW_OPTION,
            variant);
    Pipeline pipeline = Pipeline.create(options);
    FeaturesPipeline.build(
        pipeline,
        options,
        PipelineSettings.kafkaSource(options, options)
            .withConsumerFactory(
                new DataflowMockKafkaConsumer(options.getInputTopic(), PARTITIONS)));

    PipelineResult result = pipeline.run();

    assertTrue(result instanceof DataflowTemplateJob);
    assertTrue("no job file written", template.isFile());
    JsonNode json = new ObjectMapper().readTree(template);
    String pipelineUrl =
        json.path("environment").path("sdkPipelineOptions").path("options").path("pipelineUrl")
            .asText();
    File staged = new File(pipelineUrl);
    assertEquals(staging.getAbsoluteFile(), staged.getParentFile().getAbsoluteFile());
    assertThat(staged.getName(), startsWith("pipeline-"));
    assertTrue("pipeline proto not staged: " + pipelineUrl, staged.isFile());
    return new Submission(
        json, RunnerApi.Pipeline.parseFrom(Files.readAllBytes(staged.toPath())));
  }

  // ---------------------------------------------------------------------------------------------
  // Job JSON (v1 steps)

  private static List<String> experiments(JsonNode job) {
    List<String> experiments = new ArrayList<>();
    job.path("environment").path("experiments").forEach(e -> experiments.add(e.asText()));
    return experiments;
  }

  private static String userName(JsonNode step) {
    return step.path("properties").path("user_name").path("value").asText();
  }

  private static String serializedFn(JsonNode step) {
    return step.path("properties").path("serialized_fn").path("value").asText();
  }

  /** The one step of this kind whose user name starts with {@code prefix}. */
  private static JsonNode step(Submission job, String kind, String prefix) {
    return step(job, kind, prefix, "");
  }

  /** The one step of this kind whose user name starts with {@code prefix} and has {@code part}. */
  private static JsonNode step(Submission job, String kind, String prefix, String part) {
    List<JsonNode> found = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (JsonNode step : job.json.path("steps")) {
      all.add(step.path("kind").asText() + " " + userName(step));
      if (kind.equals(step.path("kind").asText())
          && userName(step).startsWith(prefix)
          && userName(step).contains(part)) {
        found.add(step);
      }
    }
    assertEquals(
        "steps " + kind + " " + prefix + "*" + part + "* among " + all, 1, found.size());
    return found.get(0);
  }

  /** A v1 Bucket or GroupByKey step's windowing strategy (a percent-escaped proto). */
  private static RunnerApi.MessageWithComponents v1WindowingStrategy(JsonNode step)
      throws IOException {
    return RunnerApi.MessageWithComponents.parseFrom(
        StringUtils.jsonStringToByteArray(serializedFn(step)));
  }

  private static JsonNode displayItem(JsonNode step, String namespace, String key) {
    for (JsonNode item : step.path("properties").path("display_data")) {
      if (namespace.equals(item.path("namespace").asText())
          && key.equals(item.path("key").asText())) {
        return item;
      }
    }
    throw new AssertionError(
        "no display data "
            + namespace
            + "/"
            + key
            + " in "
            + step.path("properties").path("display_data"));
  }

  private static Object deserializeBase64(String text) {
    return SerializableUtils.deserializeFromByteArray(Base64.getDecoder().decode(text), "source");
  }

  // ---------------------------------------------------------------------------------------------
  // Pipeline proto

  private static void assertFixedWindows(RunnerApi.MessageWithComponents strategy, String where)
      throws IOException {
    RunnerApi.FunctionSpec windowFn = strategy.getWindowingStrategy().getWindowFn();
    assertEquals(where + " window fn", FIXED_WINDOWS_URN, windowFn.getUrn());
    assertEquals(
        where + " window size (s)",
        WINDOW_SIZE.getStandardSeconds(),
        FixedWindowsPayload.parseFrom(windowFn.getPayload()).getSize().getSeconds());
  }

  private static RunnerApi.PTransform transformNamed(RunnerApi.Components components, String name) {
    return components.getTransformsMap().values().stream()
        .filter(t -> t.getUniqueName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no transform " + name));
  }

  private static List<RunnerApi.PTransform> transformsWithUrn(
      RunnerApi.Components components, String urn) {
    return components.getTransformsMap().values().stream()
        .filter(t -> urn.equals(t.getSpec().getUrn()))
        .collect(Collectors.toList());
  }

  private static List<String> names(List<RunnerApi.PTransform> transforms) {
    return transforms.stream()
        .map(RunnerApi.PTransform::getUniqueName)
        .collect(Collectors.toList());
  }

  /** Windowing strategy of a transform's only (main) input. */
  private static RunnerApi.WindowingStrategy windowingOfMainInput(
      RunnerApi.Components components, RunnerApi.PTransform transform) {
    Map<String, String> inputs = transform.getInputsMap();
    assertEquals(transform.getUniqueName() + " inputs " + inputs, 1, inputs.size());
    String pcollection = inputs.values().iterator().next();
    return components.getWindowingStrategiesOrThrow(
        components.getPcollectionsOrThrow(pcollection).getWindowingStrategyId());
  }
}
