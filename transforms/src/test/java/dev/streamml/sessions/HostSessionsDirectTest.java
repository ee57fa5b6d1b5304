package dev.streamml.sessions;

import dev.streamml.testing.RunnerUnderTest;

public class HostSessionsDirectTest extends HostSessionsScenarios {
  public HostSessionsDirectTest() {
    super(RunnerUnderTest.DIRECT);
  }
}
