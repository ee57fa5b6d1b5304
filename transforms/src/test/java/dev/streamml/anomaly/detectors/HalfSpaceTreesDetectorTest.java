package dev.streamml.anomaly.detectors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Random;
import org.junit.Test;

public class HalfSpaceTreesDetectorTest {

  private static HalfSpaceTreesDetector trainedOnCluster(HalfSpaceTreesDetector detector) {
    Random random = new Random(11);
    for (int i = 0; i < 1000; i++) {
      detector.learn(new double[] {random.nextGaussian(), 5 + random.nextGaussian()});
    }
    // the range also covers the corners, so an outlier lies inside the scaled unit square
    detector.learn(new double[] {-6, -1});
    detector.learn(new double[] {6, 11});
    return detector;
  }

  @Test
  public void isolatedPointScoresAboveClusterPoints() {
    HalfSpaceTreesDetector detector = trainedOnCluster(HalfSpaceTreesDetector.create());
    double inside = detector.score(new double[] {0, 5});
    double outside = detector.score(new double[] {5, -0.5});
    assertTrue("inside " + inside + " outside " + outside, outside > inside + 0.2);
    assertTrue(outside <= 1.0 && inside >= 0.0);
  }

  @Test
  public void warmsUpWhenTheFirstWindowIsComplete() {
    HalfSpaceTreesDetector detector = HalfSpaceTreesDetector.create().withWindowSize(20);
    for (int i = 0; i < 19; i++) {
      detector.learn(new double[] {i});
      assertFalse(detector.isWarm());
      assertEquals(0.0, detector.score(new double[] {i}), 0.0);
    }
    detector.learn(new double[] {19});
    assertTrue(detector.isWarm());
    assertEquals(20, detector.count());
  }

  @Test
  public void treesDependOnlyOnTheSeed() {
    HalfSpaceTreesDetector a = trainedOnCluster(HalfSpaceTreesDetector.create().withSeed(1));
    HalfSpaceTreesDetector b = trainedOnCluster(HalfSpaceTreesDetector.create().withSeed(1));
    HalfSpaceTreesDetector c = trainedOnCluster(HalfSpaceTreesDetector.create().withSeed(2));
    double[] probe = {1.5, 3.5};
    assertEquals(a.score(probe), b.score(probe), 0.0);
    assertNotEquals(a.score(probe), c.score(probe), 0.0);
  }

  @Test
  public void rejectsBadSettings() {
    HalfSpaceTreesDetector d = HalfSpaceTreesDetector.create();
    assertThrows(IllegalArgumentException.class, () -> d.withTrees(0));
    assertThrows(IllegalArgumentException.class, () -> d.withDepth(0));
    assertThrows(IllegalArgumentException.class, () -> d.withDepth(17));
    assertThrows(IllegalArgumentException.class, () -> d.withWindowSize(5));
  }

  @Test
  public void isDeterministicCopyableAndPure() {
    DetectorChecks.checkContract(
        () -> HalfSpaceTreesDetector.create().withWindowSize(100), DetectorChecks.wave(2000, 12));
  }

  @Test
  public void memoryStaysBounded() {
    DetectorChecks.checkBoundedMemory(HalfSpaceTreesDetector::create);
  }
}
