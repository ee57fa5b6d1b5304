package dev.streamml.online;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class StandardScaledTest {

  @Test
  public void scalesWithRunningMeanAndPopulationDeviation() {
    StandardScaled scaled = StandardScaled.wrap(OnlineKMeans.create(5));
    scaled.learn(new double[] {1, 10}, 0);
    scaled.learn(new double[] {3, 10}, 0);
    scaled.learn(new double[] {5, 40}, 0);
    // means (3, 20); population variances 8/3 and 600/3
    assertArrayEquals(
        new double[] {1 / Math.sqrt(8.0 / 3), 10 / Math.sqrt(200)},
        scaled.transform(new double[] {4, 30}),
        1e-12);
  }

  @Test
  public void innerModelLearnsRowsScaledWithStatisticsThatIncludeThem() {
    StandardScaled scaled = StandardScaled.wrap(OnlineKMeans.create(5));
    scaled.learn(new double[] {1, 10}, 0); // n = 1, no spread: centred only -> (0, 0)
    scaled.learn(new double[] {3, 10}, 0); // mean (2, 10), sd (1, 0) -> (1, 0)
    double[][] centroids = ((OnlineKMeans) scaled.inner()).centroids();
    assertArrayEquals(new double[] {0, 0}, centroids[0], 0.0);
    assertArrayEquals(new double[] {1, 0}, centroids[1], 0.0);
  }

  @Test
  public void idAndSnapshotNameTheInnerModel() {
    StandardScaled scaled = StandardScaled.wrap(OnlineLogisticRegression.create());
    scaled.learn(new double[] {1, 2}, 1);
    ModelSnapshot s = scaled.snapshot();
    assertEquals("standard-scaled:logistic-sgd", s.modelId());
    assertEquals(1.0, s.scalar("model.version"), 0.0);
    assertEquals(2, s.get("model.weights").length);
  }
}
