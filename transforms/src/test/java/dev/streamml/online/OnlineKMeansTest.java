package dev.streamml.online;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class OnlineKMeansTest {

  @Test
  public void centroidsFollowTheSequentialMeans() {
    OnlineKMeans km = OnlineKMeans.create(2);
    assertEquals(-1.0, km.predict(new double[] {0, 0}), 0.0);
    km.learn(new double[] {0, 0}, 0);
    km.learn(new double[] {10, 10}, 0);
    km.learn(new double[] {1, 0}, 0); // to centroid 0, n = 2: (0.5, 0)
    km.learn(new double[] {9, 10}, 0); // to centroid 1, n = 2: (9.5, 10)
    km.learn(new double[] {0, 1}, 0); // to centroid 0, n = 3: (0.5, 0) + ((0, 1) - (0.5, 0)) / 3
    double[][] c = km.centroids();
    assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3}, c[0], 1e-15);
    assertArrayEquals(new double[] {9.5, 10}, c[1], 1e-15);
    assertEquals(1.0, km.predict(new double[] {8, 8}), 0.0);
    assertEquals(0.0, km.predict(new double[] {2, 2}), 0.0);
    assertArrayEquals(new double[] {3, 2}, km.snapshot().get("counts"), 0.0);
  }

  @Test
  public void firstRowsBecomeTheCentroidsInOrder() {
    OnlineKMeans km = OnlineKMeans.create(3);
    km.learn(new double[] {5}, 0);
    km.learn(new double[] {5}, 0);
    assertEquals(2, km.centroids().length);
    assertArrayEquals(new double[] {5}, km.centroids()[1], 0.0);
    assertEquals(0.0, km.predict(new double[] {5}), 0.0); // tie: lowest index
  }
}
