package dev.streamml.anomaly;

import dev.streamml.testing.RunnerUnderTest;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link AnomalyDetectionScenarios} on embedded Flink (streaming, parallelism 1, one-element
 * bundles): every scenario runs, as none advances processing time.
 */
@RunWith(JUnit4.class)
public class AnomalyDetectionFlinkTest extends AnomalyDetectionScenarios {
  public AnomalyDetectionFlinkTest() {
    super(RunnerUnderTest.FLINK);
  }
}
