package dev.streamml.pipelines.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic sensor events for benchmarks: {@code keys} series, each a daily sine with
 * Gaussian noise and a rare spike (one event in a thousand), so detectors see warm-up, normal
 * points and outliers. Event {@code i} belongs to key {@code i % keys} and its event time is {@code
 * start + i * stepMillis}: every key's events are in time order and no two share a time.
 *
 * <pre>{@code
 * BenchEvents events = BenchEvents.of(100, 1_000);
 * byte[] json = events.json(42);   // {"key":"sensor-042","timestamp":...,"value":...}
 * long time = events.eventMillis(42);
 * }</pre>
 */
public final class BenchEvents {
  /** 2024-01-01T00:00:00Z: a fixed start keeps runs comparable. */
  public static final long DEFAULT_START_MILLIS = 1_704_067_200_000L;

  private final int keys;
  private final long startMillis;
  private final long stepMillis;

  private BenchEvents(int keys, long startMillis, long stepMillis) {
    if (keys < 1) {
      throw new IllegalArgumentException("keys must be >= 1, found " + keys);
    }
    if (stepMillis < 1) {
      throw new IllegalArgumentException("step must be >= 1 ms, found " + stepMillis);
    }
    this.keys = keys;
    this.startMillis = startMillis;
    this.stepMillis = stepMillis;
  }

  /** {@code keys} series, one event every {@code stepMillis} of event time across all keys. */
  public static BenchEvents of(int keys, long stepMillis) {
    return new BenchEvents(keys, DEFAULT_START_MILLIS, stepMillis);
  }

  public int keys() {
    return keys;
  }

  /** The key of event {@code i}. */
  public String key(long i) {
    return keyName((int) (i % keys));
  }

  /** The name of key number {@code k}. */
  public static String keyName(int k) {
    return String.format("sensor-%03d", k);
  }

  public long eventMillis(long i) {
    return startMillis + i * stepMillis;
  }

  /** The value of event {@code i}: a function of {@code i} alone, so any run regenerates it. */
  public double value(long i) {
    long perKey = i / keys;
    SplittableRandom random = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
    double value = 20.0 + 5.0 * Math.sin(2 * Math.PI * perKey / 1440.0) + 0.5 * gaussian(random);
    if (random.nextInt(1000) == 0) {
      value += 15.0;
    }
    return Math.round(value * 1000.0) / 1000.0;
  }

  /** Event {@code i} as the JSON the pipelines parse, with its time in the payload (Unix ms). */
  public byte[] json(long i) {
    return json(key(i), eventMillis(i), value(i));
  }

  /** An event with a given time, for latency runs where event time is the time it is sent. */
  public static byte[] json(String key, long eventMillis, double value) {
    return ("{\"key\":\""
            + key
            + "\",\"timestamp\":"
            + eventMillis
            + ",\"value\":"
            + value
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  // Box-Muller on the random's own doubles: deterministic for a seed.
  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
