package dev.streamml.eval.stream;

import dev.streamml.testing.RunnerUnderTest;

/** {@link PrequentialMetricsScenarios} on the Direct runner. */
public class PrequentialMetricsDirectTest extends PrequentialMetricsScenarios {
  public PrequentialMetricsDirectTest() {
    super(RunnerUnderTest.DIRECT);
  }
}
