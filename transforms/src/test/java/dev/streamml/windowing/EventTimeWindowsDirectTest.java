package dev.streamml.windowing;

import dev.streamml.testing.RunnerUnderTest;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** {@link EventTimeWindowsScenarios} on the Direct runner: every scenario runs. */
@RunWith(JUnit4.class)
public class EventTimeWindowsDirectTest extends EventTimeWindowsScenarios {
  public EventTimeWindowsDirectTest() {
    super(RunnerUnderTest.DIRECT);
  }
}
