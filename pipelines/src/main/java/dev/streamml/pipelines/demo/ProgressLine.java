package dev.streamml.pipelines.demo;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A live progress line: rewritten in place twice a second on a terminal, printed as a plain line
 * every few seconds otherwise, so CI logs stay readable.
 *
 * <pre>{@code
 * try (ProgressLine progress = ProgressLine.start(System.out, () -> "events read 1200")) {
 *   ... long work ...
 * }
 * }</pre>
 */
public final class ProgressLine implements AutoCloseable {
  private static final long TERMINAL_PERIOD_MS = 500;
  private static final long PLAIN_PERIOD_MS = 5000;

  private final PrintStream out;
  private final Supplier<String> text;
  private final boolean terminal;
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "streamml-progress");
            thread.setDaemon(true);
            return thread;
          });

  private ProgressLine(PrintStream out, Supplier<String> text, boolean terminal) {
    this.out = out;
    this.text = text;
    this.terminal = terminal;
  }

  /** Starts printing {@code text} (called each time) with the elapsed time. */
  public static ProgressLine start(PrintStream out, Supplier<String> text) {
    ProgressLine line = new ProgressLine(out, text, System.console() != null);
    long period = line.terminal ? TERMINAL_PERIOD_MS : PLAIN_PERIOD_MS;
    line.timer.scheduleAtFixedRate(line::print, period, period, TimeUnit.MILLISECONDS);
    return line;
  }

  private synchronized void print() {
    String line = String.format("[%5.1fs] %s", (System.nanoTime() - startNanos) / 1e9, text.get());
    if (terminal) {
      out.print("\r\033[K" + line);
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Prints the line a last time and ends it. */
  @Override
  public synchronized void close() {
    timer.shutdownNow();
    print();
    if (terminal) {
      out.println();
    }
  }
}
