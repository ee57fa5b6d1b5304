package dev.streamml.pipelines.demo;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.annotation.Nullable;
import org.apache.beam.sdk.PipelineResult;

/**
 * Runs a pipeline on its own thread until it ends, keeping a records-read figure up to date for a
 * progress line. Its own thread because Flink's {@code run()} blocks until the job ends while the
 * Direct runner's returns at once.
 *
 * <pre>{@code
 * AtomicLong read = new AtomicLong(-1);
 * PipelineResult.State state =
 *     PipelineRun.toEnd(() -> FeaturesPipeline.run(options), Duration.ofMinutes(15), read, () -> false);
 * }</pre>
 */
public final class PipelineRun {
  private PipelineRun() {}

  /**
   * Starts the pipeline and waits until it ends, or until {@code allOut} says every record has its
   * output (then cancels it, since a streaming read never ends by itself: DONE is returned), or
   * until {@code timeout} (then cancels it and throws).
   */
  public static PipelineResult.State toEnd(
      Supplier<PipelineResult> start, Duration timeout, AtomicLong read, BooleanSupplier allOut)
      throws InterruptedException {
    AtomicReference<PipelineResult> started = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread runnerThread =
        new Thread(
            () -> {
              try {
                PipelineResult result = start.get();
                started.set(result);
                result.waitUntilFinish();
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "streamml-pipeline");
    runnerThread.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (runnerThread.isAlive() && System.nanoTime() < deadline) {
      runnerThread.join(250);
      if (started.get() != null) {
        read.set(PipelineMetrics.recordsRead(started.get()));
        if (allOut.getAsBoolean()) {
          cancel(started.get());
          runnerThread.join(10_000);
          return PipelineResult.State.DONE;
        }
      }
    }
    if (runnerThread.isAlive()) {
      cancel(started.get());
      throw new IllegalStateException("the demo did not finish within --timeout=" + timeout);
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "the pipeline failed: " + failure.get().getMessage(), failure.get());
    }
    read.set(PipelineMetrics.recordsRead(started.get()));
    return started.get().getState();
  }

  private static void cancel(@Nullable PipelineResult result) {
    if (result == null) {
      return;
    }
    try {
      result.cancel();
    } catch (IOException | RuntimeException e) {
      // Cancelling is best effort: what the caller reports next matters more.
    }
  }
}
