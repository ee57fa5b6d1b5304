package dev.streamml.cli;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class FlinkCommandTest {

  @Test
  public void badTaskManagerCountIsAUsageError() {
    assertEquals(StreammlCli.USAGE, StreammlCli.execute("flink", "start", "--taskmanagers", "9"));
  }

  @Test
  public void unknownActionIsAUsageError() {
    assertEquals(StreammlCli.USAGE, StreammlCli.execute("flink", "restart"));
  }
}
