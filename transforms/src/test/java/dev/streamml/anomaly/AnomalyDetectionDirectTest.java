package dev.streamml.anomaly;

import dev.streamml.testing.RunnerUnderTest;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** {@link AnomalyDetectionScenarios} on the Direct runner: every scenario runs. */
@RunWith(JUnit4.class)
public class AnomalyDetectionDirectTest extends AnomalyDetectionScenarios {
  public AnomalyDetectionDirectTest() {
    super(RunnerUnderTest.DIRECT);
  }
}
