package dev.streamml.windowing;

import dev.streamml.testing.RunnerUnderTest;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link EventTimeWindowsScenarios} on embedded Flink (streaming, parallelism 2). The scenarios
 * that advance processing time are skipped: {@link
 * RunnerUnderTest#NO_PROCESSING_TIME_IN_TEST_STREAM}.
 */
@RunWith(JUnit4.class)
public class EventTimeWindowsFlinkTest extends EventTimeWindowsScenarios {
  public EventTimeWindowsFlinkTest() {
    super(RunnerUnderTest.FLINK);
  }
}
