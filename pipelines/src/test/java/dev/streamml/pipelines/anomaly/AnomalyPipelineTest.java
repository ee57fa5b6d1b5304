package dev.streamml.pipelines.anomaly;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.streamml.anomaly.AnomalyDetection;
import org.joda.time.Duration;
import org.junit.Test;

/** The anomaly pipeline's options: defaults, and one-line errors naming a bad option. */
public class AnomalyPipelineTest {

  @Test
  public void defaultsAreTheRecommendedDetectorAndTheTransformsThreshold() {
    AnomalyPipeline.Options options = AnomalyPipeline.options();
    assertEquals("knn-conformal", options.getDetector());
    assertEquals(AnomalyDetection.DEFAULT_THRESHOLD, options.getThreshold(), 0.0);
    assertEquals("anomaly-scores", options.getScoresTopic());
    assertEquals("anomaly-alerts", options.getAlertsTopic());
    assertEquals("dead-letters", options.getDeadLetterTopic());
    AnomalyDetection detection = AnomalyPipeline.detection(options);
    assertEquals("knn-conformal", detection.prototype().id());
    assertEquals(Duration.standardDays(1), detection.idleTimeout());
  }

  @Test
  public void settingsReachTheTransform() {
    AnomalyDetection detection =
        AnomalyPipeline.detection(
            AnomalyPipeline.options("--detector=iqr", "--threshold=0.5", "--modelIdleTimeout=6h"));
    assertEquals("iqr", detection.prototype().id());
    assertEquals(0.5, detection.threshold().value(), 0.0);
    assertEquals(Duration.standardHours(6), detection.idleTimeout());
  }

  @Test
  public void aBadSettingNamesItsOption() {
    assertThat(
        assertThrows(
                IllegalArgumentException.class, () -> AnomalyPipeline.options("--detector=lof"))
            .getMessage(),
        startsWith("invalid --detector: unknown detector 'lof'; accepted: knn-conformal"));
    assertThat(
        assertThrows(
                IllegalArgumentException.class, () -> AnomalyPipeline.options("--threshold=1.5"))
            .getMessage(),
        startsWith("invalid --threshold: the anomaly threshold should be in (0, 1]"));
    assertThat(
        assertThrows(
                IllegalArgumentException.class,
                () -> AnomalyPipeline.options("--modelIdleTimeout=soon"))
            .getMessage(),
        startsWith("invalid --modelIdleTimeout: "));
  }
}
