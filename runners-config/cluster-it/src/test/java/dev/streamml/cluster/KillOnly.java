package dev.streamml.cluster;

import org.junit.runner.JUnitCore;
import org.junit.runner.Request;
import org.junit.runner.Result;

/** Runs one method of the fault IT from the command line, while investigating. */
final class KillOnly {
  public static void main(String[] args) {
    Result r = new JUnitCore().run(Request.method(FlinkClusterFaultIT.class, args[0]));
    r.getFailures().forEach(f -> System.out.println("FAILURE " + f.getMessage()));
    System.exit(r.wasSuccessful() ? 0 : 1);
  }
}
