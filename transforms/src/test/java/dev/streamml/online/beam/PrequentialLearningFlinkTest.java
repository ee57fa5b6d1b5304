package dev.streamml.online.beam;

import dev.streamml.testing.RunnerUnderTest;

public class PrequentialLearningFlinkTest extends PrequentialLearningScenarios {
  public PrequentialLearningFlinkTest() {
    super(RunnerUnderTest.FLINK);
  }
}
