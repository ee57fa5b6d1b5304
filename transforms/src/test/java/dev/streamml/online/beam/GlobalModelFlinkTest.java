package dev.streamml.online.beam;

import dev.streamml.testing.RunnerUnderTest;

/** {@link GlobalModelScenarios} on embedded Flink: an honest model, not always the newest. */
public class GlobalModelFlinkTest extends GlobalModelScenarios {
  public GlobalModelFlinkTest() {
    super(RunnerUnderTest.FLINK, false);
  }
}
