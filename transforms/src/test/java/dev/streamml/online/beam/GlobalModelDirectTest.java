package dev.streamml.online.beam;

import dev.streamml.testing.RunnerUnderTest;

/** {@link GlobalModelScenarios} on the Direct runner, which must use the newest honest model. */
public class GlobalModelDirectTest extends GlobalModelScenarios {
  public GlobalModelDirectTest() {
    super(RunnerUnderTest.DIRECT, true);
  }
}
