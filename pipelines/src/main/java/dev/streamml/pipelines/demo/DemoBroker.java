package dev.streamml.pipelines.demo;

import dev.streamml.launchers.LocalKafkaBroker;
import java.io.PrintStream;
import javax.annotation.Nullable;

/**
 * The broker a demo runs against: the one the user gave, or a local one started before the demo
 * and stopped after it (even when the demo fails), saying so on the demo's output.
 *
 * <pre>{@code
 * int exit = DemoBroker.run(System.out, null, servers -> replayAndSummarise(servers));
 * }</pre>
 */
public final class DemoBroker {
  private DemoBroker() {}

  /** What a demo does once it has a broker; returns its exit code. */
  @FunctionalInterface
  public interface Demo {
    int run(String bootstrapServers) throws Exception;
  }

  /** Runs {@code demo} on {@code bootstrapServers}, or on a local broker when that is null. */
  public static int run(PrintStream out, @Nullable String bootstrapServers, Demo demo)
      throws Exception {
    if (bootstrapServers != null) {
      return demo.run(bootstrapServers);
    }
    out.println("starting a local Kafka broker...");
    LocalKafkaBroker broker = LocalKafkaBroker.builder().start();
    try {
      out.println(
          "kafka broker ready at " + broker.bootstrapServers() + " (pid " + broker.pid() + ")");
      return demo.run(broker.bootstrapServers());
    } finally {
      broker.close();
      out.println("kafka broker stopped");
    }
  }
}
