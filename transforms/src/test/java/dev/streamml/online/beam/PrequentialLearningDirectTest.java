package dev.streamml.online.beam;

import dev.streamml.testing.RunnerUnderTest;

public class PrequentialLearningDirectTest extends PrequentialLearningScenarios {
  public PrequentialLearningDirectTest() {
    super(RunnerUnderTest.DIRECT);
  }
}
