package dev.streamml.sessions;

import dev.streamml.testing.RunnerUnderTest;

public class SessionsOnBundledSamplesFlinkTest extends SessionsOnBundledSamples {
  public SessionsOnBundledSamplesFlinkTest() {
    super(RunnerUnderTest.FLINK);
  }
}
