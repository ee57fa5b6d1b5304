package dev.streamml.pipelines.options;

import static org.junit.Assert.assertEquals;

import dev.streamml.pipelines.anomaly.AnomalyPipeline;
import dev.streamml.pipelines.features.FeaturesPipeline;
import dev.streamml.pipelines.online.OnlineLearningPipeline;
import dev.streamml.pipelines.sessions.SessionsPipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;

/**
 * Every pipeline's options registered in one JVM, as the CLI does: Beam refuses an option that two
 * interfaces declare with different defaults, so a name clash between pipelines fails here rather
 * than in whichever command happens to run second.
 */
public class AllPipelineOptionsTest {
  @Test
  public void everyPipelinesOptionsCoexist() {
    PipelineOptionsFactory.register(FeaturesPipeline.Options.class);
    PipelineOptionsFactory.register(AnomalyPipeline.Options.class);
    PipelineOptionsFactory.register(OnlineLearningPipeline.Options.class);
    PipelineOptionsFactory.register(SessionsPipeline.Options.class);
    AnomalyPipeline.options();
    OnlineLearningPipeline.options();
    SessionsPipeline.options();
    assertEquals("events", FeaturesPipeline.options().getInputTopic());
  }
}
