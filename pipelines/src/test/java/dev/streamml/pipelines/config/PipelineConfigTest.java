package dev.streamml.pipelines.config;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.streamml.cli.StreammlCli;
import dev.streamml.pipelines.anomaly.AnomalyPipeline;
import dev.streamml.pipelines.features.FeaturesPipeline;
import dev.streamml.pipelines.runners.RunnerProfiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Pipeline files: the ready ones parse into the pipelines' options; mistakes get one line. */
public class PipelineConfigTest {
  private static final Path READY = Path.of("..", "runners-config", "pipelines");

  @Rule public final TemporaryFolder temporary = new TemporaryFolder();

  @Test
  public void readyFeaturesFileBecomesTheFeaturesPipelinesOptions() {
    PipelineConfig config = PipelineConfig.load(READY.resolve("features.yaml"));
    assertEquals("features", config.pipeline());
    assertEquals("direct", config.runner());
    FeaturesPipeline.Options options =
        FeaturesPipeline.options(RunnerProfiles.resolve(config.runner(), config.beamArgs()));
    assertEquals("127.0.0.1:9092", options.getBootstrapServers());
    assertEquals("events", options.getInputTopic());
    assertEquals("sliding:10m/1m", options.getWindow());
    assertEquals("early=30s,lateness=5m,accumulating", options.getTrigger());
    assertEquals("features", options.getOutputTopic());
    assertEquals("late-events", options.getLateTopic());
    assertEquals("dead-letters", options.getDeadLetterTopic());
  }

  @Test
  public void readyAnomalyFileBecomesTheAnomalyPipelinesOptions() {
    PipelineConfig config = PipelineConfig.load(READY.resolve("anomaly.yaml"));
    AnomalyPipeline.Options options =
        AnomalyPipeline.options(RunnerProfiles.resolve(config.runner(), config.beamArgs()));
    assertEquals("knn-conformal", options.getDetector());
    assertEquals(0.99, options.getThreshold(), 0);
    assertEquals("anomaly-scores", options.getScoresTopic());
    assertEquals("anomaly-alerts", options.getAlertsTopic());
    assertEquals("1d", options.getModelIdleTimeout());
  }

  @Test
  public void propertiesFileIsTheSameAsYaml() {
    PipelineConfig config = PipelineConfig.load(READY.resolve("features.properties"));
    FeaturesPipeline.Options options =
        FeaturesPipeline.options(RunnerProfiles.resolve(config.runner(), config.beamArgs()));
    assertEquals("fixed:1m", options.getWindow());
    assertEquals("lateness=10m", options.getTrigger());
  }

  @Test
  public void otherBeamOptionsPassThrough() throws Exception {
    Path file =
        write("p.yaml", "pipeline: features\nrunner: flink\noptions:\n  parallelism: 1\n");
    PipelineConfig config = PipelineConfig.load(file);
    assertEquals("flink", config.runner());
    assertEquals(java.util.List.of("--parallelism=1"), config.beamArgs());
  }

  @Test
  public void unknownKeySuggestsTheNearest() throws Exception {
    assertMessage(
        "pipeline: features\nwindowing:\n  windw: fixed:1m\n",
        "p.yaml: unknown key 'windowing.windw'; did you mean 'windowing.window'?");
  }

  @Test
  public void keyOfTheOtherPipelineIsRefused() throws Exception {
    assertMessage(
        "pipeline: anomaly\nwindowing:\n  window: fixed:1m\n",
        "p.yaml: windowing.window: applies to the features pipeline only, not anomaly");
  }

  @Test
  public void badValuesNameTheKeyAndWhatIsAllowed() throws Exception {
    assertMessage(
        "pipeline: features\nwindowing:\n  window: fixd:1m\n",
        "p.yaml: windowing.window: invalid window spec 'fixd:1m'");
    assertMessage(
        "pipeline: anomaly\ntransforms:\n  detector: lof\n",
        "p.yaml: transforms.detector: unknown detector 'lof'; accepted: knn-conformal");
    assertMessage(
        "pipeline: features\nsource:\n  format: avro\n",
        "p.yaml: source.format: 'avro'; accepted: json, csv");
    assertMessage(
        "pipeline: features\nrunner: spark\n", "p.yaml: runner: invalid --runner: unknown runner 'spark'");
  }

  @Test
  public void missingOrUnknownPipelineAndBrokenFiles() throws Exception {
    assertMessage("runner: direct\n", "p.yaml: 'pipeline' is required; one of [features, anomaly]");
    assertMessage("pipeline: sessions\n", "p.yaml: pipeline: unknown pipeline 'sessions'");
    assertMessage("pipeline: [features\n", "p.yaml: not valid YAML");
    Path text = write("p.txt", "pipeline=features");
    ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.load(text));
    assertThat(e.getMessage(), containsString("unknown file type; use .yaml, .yml or .properties"));
  }

  @Test
  public void runCommandReportsAConfigMistakeInOneLineWithExitCodeTwo() throws Exception {
    Path file = write("bad.yaml", "pipeline: features\nsink:\n  topc: x\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = StreammlCli.execute("run", "--config", file.toString());
    } finally {
      System.setErr(original);
    }
    assertEquals(2, exit);
    String message = err.toString(StandardCharsets.UTF_8).strip();
    assertEquals(
        "streamml: bad.yaml: unknown key 'sink.topc'; did you mean 'sink.topic'?", message);
  }

  private void assertMessage(String yaml, String expected) throws Exception {
    Path file = write("p.yaml", yaml);
    ConfigException e = assertThrows(ConfigException.class, () -> PipelineConfig.load(file));
    assertThat(e.getMessage(), containsString(expected));
    assertEquals("one line", 1, e.getMessage().lines().count());
  }

  private Path write(String name, String text) throws Exception {
    Path file = temporary.getRoot().toPath().resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
