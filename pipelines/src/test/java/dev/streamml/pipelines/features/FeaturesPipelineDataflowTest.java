package dev.streamml.pipelines.features;

import dev.streamml.pipelines.options.PipelineSettings;
import java.io.File;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class FeaturesPipelineDataflowTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void explore() throws Exception {
    for (String variant : new String[] {"--enableStreamingEngine", "--experiments=use_runner_v2"}) {
      File dir = tmp.newFolder();
      File jar = new File(dir, "app.jar");
      try (JarOutputStream out = new JarOutputStream(new FileOutputStream(jar), new Manifest())) {}
      File template = new File(dir, "template.json");
      List<String> args = new ArrayList<>(List.of(
          "--runner=DataflowRunner", "--project=test-project", "--region=us-central1",
          "--tempLocation=" + new File(dir, "temp").getAbsolutePath(),
          "--stagingLocation=" + new File(dir, "staging").getAbsolutePath(),
          "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator",
          "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
          "--filesToStage=" + jar.getAbsolutePath(),
          "--templateLocation=" + template.getAbsolutePath(),
          "--streaming", "--window=fixed:5m", variant));
      FeaturesPipeline.Options options = FeaturesPipeline.options(args.toArray(new String[0]));
      Pipeline p = Pipeline.create(options);
      FeaturesPipeline.build(p, options, PipelineSettings.kafkaSource(options, options)
          .withConsumerFactory(new DataflowMockKafkaConsumer(options.getInputTopic(), 2)));
      PipelineResult r = p.run();
      System.out.println("=== " + variant + " result " + r.getClass());
      Files.walk(dir.toPath()).forEach(f -> System.out.println("  file " + f + " " + f.toFile().length()));
      Files.copy(template.toPath(), new File("/tmp/df-" + variant.replaceAll("\\W", "") + ".json").toPath(),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.walk(dir.toPath()).filter(f -> f.getFileName().toString().startsWith("pipeline")).forEach(f -> {
        try {
          RunnerApi.Pipeline proto = RunnerApi.Pipeline.parseFrom(Files.readAllBytes(f));
          Files.writeString(new File("/tmp/df-" + variant.replaceAll("\\W", "") + ".pbtxt").toPath(), proto.toString());
        } catch (Exception e) { throw new RuntimeException(e); }
      });
    }
  }
}
