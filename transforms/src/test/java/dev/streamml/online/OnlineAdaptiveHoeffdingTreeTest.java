package dev.streamml.online;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;

import java.util.Random;
import org.junit.Test;

public class OnlineAdaptiveHoeffdingTreeTest {

  /** Label 1 iff x0 > 0.5 up to row {@code drift}, then iff x1 > 0.5: the old split goes stale. */
  private static double[][] drifting(int n, int drift, long seed) {
    Random random = new Random(seed);
    double[][] rows = new double[n][4];
    for (int t = 0; t < n; t++) {
      double a = random.nextDouble();
      double b = random.nextDouble();
      double label = t < drift ? (a > 0.5 ? 1 : 0) : (b > 0.5 ? 1 : 0);
      rows[t] = new double[] {a, b, random.nextDouble(), label};
    }
    return rows;
  }

  private static double accuracy(OnlineModel model, double[][] rows, int from, int to) {
    int correct = 0;
    for (int t = from; t < to; t++) {
      double[] x = Streams.features(rows[t]);
      if ((model.predict(x) > 0.5 ? 1 : 0) == Streams.label(rows[t])) {
        correct++;
      }
      model.learn(x, Streams.label(rows[t]));
    }
    return correct / (double) (to - from);
  }

  @Test
  public void replacesTheStaleSubtreeAfterDrift() {
    double[][] rows = drifting(20000, 5000, 8L);
    OnlineAdaptiveHoeffdingTree hat = OnlineAdaptiveHoeffdingTree.create();
    OnlineHoeffdingTree plain = OnlineHoeffdingTree.create();
    accuracy(hat, rows, 0, 5000);
    accuracy(plain, rows, 0, 5000);
    accuracy(hat, rows, 5000, 15000);
    accuracy(plain, rows, 5000, 15000);
    double hatAfter = accuracy(hat, rows, 15000, 20000);
    double plainAfter = accuracy(plain, rows, 15000, 20000);
    assertThat(hatAfter, greaterThan(0.97));
    assertThat(hatAfter, greaterThan(plainAfter));
  }
}
