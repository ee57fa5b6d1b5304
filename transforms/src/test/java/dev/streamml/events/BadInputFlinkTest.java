package dev.streamml.events;

import dev.streamml.testing.RunnerUnderTest;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** {@link BadInputScenarios} on the Flink runner. */
@RunWith(JUnit4.class)
public class BadInputFlinkTest extends BadInputScenarios {
  public BadInputFlinkTest() {
    super(RunnerUnderTest.FLINK);
  }
}
