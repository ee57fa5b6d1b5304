package dev.streamml.eval.stream;

import dev.streamml.testing.RunnerUnderTest;

/** {@link PrequentialMetricsScenarios} on embedded Flink. */
public class PrequentialMetricsFlinkTest extends PrequentialMetricsScenarios {
  public PrequentialMetricsFlinkTest() {
    super(RunnerUnderTest.FLINK);
  }
}
