package dev.streamml.anomaly.detectors;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import dev.streamml.anomaly.AnomalyDetector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.function.Supplier;

/** Checks every detector should pass, and the streams they run on. */
final class DetectorChecks {

  private DetectorChecks() {}

  /** A noisy daily-like wave with rare spikes, from a fixed seed. */
  static double[] wave(int n, long seed) {
    Random random = new Random(seed);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 10 + 3 * Math.sin(i * 2 * Math.PI / 48) + random.nextGaussian();
      if (random.nextInt(500) == 0) {
        values[i] += 15;
      }
    }
    return values;
  }

  /** Scores then learns each value, returning the scores. */
  static double[] run(AnomalyDetector detector, double[] values) {
    double[] scores = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      double[] point = {values[i]};
      scores[i] = detector.score(point);
      detector.learn(point);
    }
    return scores;
  }

  static int serializedSize(Object o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.size();
  }

  /**
   * Same input gives the same scores; scores lie in [0, 1]; score() changes nothing; a copy taken
   * midway continues exactly like the original and does not see the original's later points.
   */
  static void checkContract(Supplier<AnomalyDetector> factory, double[] values) {
    double[] first = run(factory.get(), values);
    double[] second = run(factory.get(), values);
    assertArrayEquals("same input, same scores", first, second, 0.0);
    for (double s : first) {
      if (!(s >= 0.0 && s <= 1.0)) {
        throw new AssertionError("score out of [0, 1]: " + s);
      }
    }

    AnomalyDetector detector = factory.get();
    int half = values.length / 2;
    for (int i = 0; i < half; i++) {
      detector.learn(new double[] {values[i]});
    }
    double[] probe = {values[half]};
    double before = detector.score(probe);
    assertEquals("score is pure", before, detector.score(probe), 0.0);
    assertEquals(half, detector.count());

    AnomalyDetector copy = detector.copy();
    for (int i = half; i < values.length; i++) {
      detector.learn(new double[] {values[i]});
    }
    assertEquals("copy does not see later points", before, copy.score(probe), 0.0);
    assertEquals(half, copy.count());
    double[] continued = new double[values.length - half];
    for (int i = half; i < values.length; i++) {
      continued[i - half] = copy.score(new double[] {values[i]});
      copy.learn(new double[] {values[i]});
    }
    assertArrayEquals(
        "a copy continues like the original",
        java.util.Arrays.copyOfRange(first, half, values.length),
        continued,
        0.0);
  }

  /** Serialized size after 5k and 100k points is the same (bounded state, all buffers full at 5k). */
  static void checkBoundedMemory(Supplier<AnomalyDetector> factory) {
    double[] values = wave(100_000, 3);
    AnomalyDetector detector = factory.get();
    int early = 0;
    for (int i = 0; i < values.length; i++) {
      detector.learn(new double[] {values[i]});
      if (i == 4_999) {
        early = serializedSize(detector);
      }
    }
    assertEquals("serialized size after 5k and 100k points", early, serializedSize(detector));
  }
}
