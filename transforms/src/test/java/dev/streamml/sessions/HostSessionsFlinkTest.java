package dev.streamml.sessions;

import dev.streamml.testing.RunnerUnderTest;

public class HostSessionsFlinkTest extends HostSessionsScenarios {
  public HostSessionsFlinkTest() {
    super(RunnerUnderTest.FLINK);
  }
}
