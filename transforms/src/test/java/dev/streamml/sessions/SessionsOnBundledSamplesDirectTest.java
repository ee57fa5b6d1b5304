package dev.streamml.sessions;

import dev.streamml.testing.RunnerUnderTest;

public class SessionsOnBundledSamplesDirectTest extends SessionsOnBundledSamples {
  public SessionsOnBundledSamplesDirectTest() {
    super(RunnerUnderTest.DIRECT);
  }
}
