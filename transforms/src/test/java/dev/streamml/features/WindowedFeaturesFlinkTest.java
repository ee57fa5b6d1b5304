package dev.streamml.features;

import dev.streamml.testing.RunnerUnderTest;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link WindowedFeaturesScenarios} on embedded Flink in streaming mode; the early-pane scenarios
 * skip, as Flink's TestStream cannot advance processing time.
 */
@RunWith(JUnit4.class)
public class WindowedFeaturesFlinkTest extends WindowedFeaturesScenarios {
  public WindowedFeaturesFlinkTest() {
    super(RunnerUnderTest.FLINK);
  }
}
