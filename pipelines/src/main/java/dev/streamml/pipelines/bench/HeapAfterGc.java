package dev.streamml.pipelines.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The largest heap in use right after a garbage collection while it runs: the live data a run
 * keeps, without forcing collections. Sums each heap pool's usage after its latest collection,
 * sampled every 100 ms.
 *
 * <pre>{@code
 * try (HeapAfterGc heap = HeapAfterGc.start()) {
 *   ... run ...
 *   long bytes = heap.maxBytes();
 * }
 * }</pre>
 */
final class HeapAfterGc implements AutoCloseable {
  private final AtomicLong max = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  private HeapAfterGc() {
    thread = new Thread(this::sample, "streamml-bench-heap");
    thread.setDaemon(true);
  }

  static HeapAfterGc start() {
    HeapAfterGc heap = new HeapAfterGc();
    heap.thread.start();
    return heap;
  }

  /** Heap used after the latest collections, now. */
  static long afterLatestGc() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage usage = pool.getCollectionUsage();
      if (pool.getType() == MemoryType.HEAP && usage != null) {
        used += usage.getUsed();
      }
    }
    return used;
  }

  private void sample() {
    while (running.get()) {
      max.accumulateAndGet(afterLatestGc(), Math::max);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  long maxBytes() {
    return max.get();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(1_000);
  }
}
