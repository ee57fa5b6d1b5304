package dev.streamml.online;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;

import org.junit.Test;

public class OnlineLeveragingBaggingTest {

  @Test
  public void poissonDrawsHaveTheRequestedMean() {
    SplitMix64 random = new SplitMix64(42);
    double sum = 0;
    double sumSquares = 0;
    int n = 50000;
    for (int i = 0; i < n; i++) {
      int k = random.poisson(6.0);
      sum += k;
      sumSquares += (double) k * k;
    }
    double mean = sum / n;
    assertEquals(6.0, mean, 0.05);
    assertEquals(6.0, sumSquares / n - mean * mean, 0.15);
  }

  @Test
  public void ensembleLearnsAndSeedsMatter() {
    double[][] rows = Streams.noisy(4000, 21L);
    OnlineLeveragingBagging a = OnlineLeveragingBagging.of(HoeffdingTreeParams.defaults(), 5, 6.0, 1L);
    OnlineLeveragingBagging b = OnlineLeveragingBagging.of(HoeffdingTreeParams.defaults(), 5, 6.0, 2L);
    Streams.learnAll(a, rows, 0, 3000);
    Streams.learnAll(b, rows, 0, 3000);
    int correct = 0;
    for (int t = 3000; t < 4000; t++) {
      if ((a.predict(Streams.features(rows[t])) > 0.5 ? 1 : 0) == Streams.label(rows[t])) {
        correct++;
      }
    }
    assertThat(correct / 1000.0, greaterThan(0.8)); // 10 % label noise caps it near 0.9
    assertNotEquals(a.snapshot(), b.snapshot());
  }
}
