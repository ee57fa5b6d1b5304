package dev.streamml.features;

import dev.streamml.testing.RunnerUnderTest;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** {@link WindowedFeaturesScenarios} on the Direct runner. */
@RunWith(JUnit4.class)
public class WindowedFeaturesDirectTest extends WindowedFeaturesScenarios {
  public WindowedFeaturesDirectTest() {
    super(RunnerUnderTest.DIRECT);
  }
}
