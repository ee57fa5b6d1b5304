package dev.streamml.events;

import dev.streamml.testing.RunnerUnderTest;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** {@link BadInputScenarios} on the Direct runner. */
@RunWith(JUnit4.class)
public class BadInputDirectTest extends BadInputScenarios {
  public BadInputDirectTest() {
    super(RunnerUnderTest.DIRECT);
  }
}
