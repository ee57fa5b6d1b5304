package dev.streamml.pipelines.options;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class DeliveryTest {

  @Test
  public void exactlyOnceOnFlinkNeedsCheckpoints() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Delivery.checkArgs("--runner=FlinkRunner", "--exactlyOnce=true"));
    assertThat(e.getMessage(), containsString("invalid --exactlyOnce"));
    assertThat(e.getMessage(), containsString("--checkpointingInterval"));
  }

  @Test
  public void exactlyOnceWithCheckpointsOrOffIsAccepted() {
    Delivery.checkArgs("--runner=FlinkRunner", "--exactlyOnce=true", "--checkpointingInterval=5000");
    Delivery.checkArgs("--runner=FlinkRunner", "--checkpointingInterval=-1");
    Delivery.checkArgs("--runner=DirectRunner", "--exactlyOnce=true");
  }

  @Test
  public void aNonNumericIntervalNamesTheOption() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Delivery.checkArgs("--runner=FlinkRunner", "--checkpointingInterval=5s"));
    assertThat(e.getMessage(), containsString("invalid --checkpointingInterval"));
  }
}
