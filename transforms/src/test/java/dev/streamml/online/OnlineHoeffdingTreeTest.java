package dev.streamml.online;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.Assert.assertEquals;

import java.util.Random;
import org.junit.Test;

public class OnlineHoeffdingTreeTest {

  @Test
  public void hoeffdingBoundMatchesTheFormula() {
    // R = 1 (two classes), delta = 1e-7, n = 200: sqrt(16.1180957 / 400) = sqrt(0.0402952)
    assertEquals(0.2007367, HoeffdingTreeParams.hoeffdingBound(1, 1e-7, 200), 1e-7);
    assertEquals(Math.sqrt(4 * Math.log(1e3) / 2000), HoeffdingTreeParams.hoeffdingBound(2, 1e-3, 1000), 1e-15);
  }

  @Test
  public void entropyAndInformationGainMatchTheHandComputation() {
    assertEquals(1.0, HoeffdingTreeCore.entropy(new double[] {5, 5}), 1e-15);
    // pre (10, 10) into (8, 2) and (2, 8): 1 - H(0.8, 0.2)
    double h = -(0.8 * Math.log(0.8) + 0.2 * Math.log(0.2)) / Math.log(2);
    assertEquals(1 - h,
        HoeffdingTreeCore.infoGain(new double[] {10, 10}, new double[][] {{8, 2}, {2, 8}}, 0.01), 1e-12);
    // a branch with at most 1 % of the weight makes the split invalid
    assertEquals(Double.NEGATIVE_INFINITY,
        HoeffdingTreeCore.infoGain(new double[] {100, 100}, new double[][] {{100, 99.5}, {0, 0.5}}, 0.01), 0.0);
  }

  @Test
  public void splitsOnTheInformativeAttributeOfASeparableStream() {
    OnlineHoeffdingTree tree = OnlineHoeffdingTree.create();
    double[][] rows = Streams.separable(3000, 3, 2L);
    Streams.learnAll(tree, rows, 0, 1000);
    HoeffdingTreeCore.Node root = tree.core.root;
    assertThat(tree.depth(), greaterThanOrEqualTo(1));
    assertEquals(0, root.attribute);
    // candidate thresholds are min + (max - min) * b / 11: the nearest to 0.5 are about 0.455 and 0.545
    assertThat(root.threshold, both(greaterThan(0.4)).and(lessThan(0.6)));
    int correct = 0;
    for (int t = 1000; t < 3000; t++) {
      if ((tree.predict(Streams.features(rows[t])) > 0.5 ? 1 : 0) == Streams.label(rows[t])) {
        correct++;
      }
      tree.learn(Streams.features(rows[t]), Streams.label(rows[t]));
    }
    assertThat(correct / 2000.0, greaterThan(0.97));
  }

  @Test
  public void firstSplitWaitsForTheGracePeriod() {
    OnlineHoeffdingTree tree = OnlineHoeffdingTree.create();
    double[][] rows = Streams.separable(400, 2, 9L);
    Streams.learnAll(tree, rows, 0, 199);
    assertEquals(1, tree.nodeCount());
    Streams.learnAll(tree, rows, 199, 200);
    assertEquals(3, tree.nodeCount()); // a clean separation: gain far above the bound at n = 200
  }

  @Test
  public void nodeBudgetBoundsTheTree() {
    double[][] rows = checkerboard(20000, 4L);
    OnlineHoeffdingTree unbounded = OnlineHoeffdingTree.of(HoeffdingTreeParams.defaults().withGracePeriod(50));
    Streams.learnAll(unbounded, rows, 0, rows.length);
    assertThat(unbounded.nodeCount(), greaterThan(15));
    for (OnlineModel model : new OnlineModel[] {
        OnlineHoeffdingTree.of(HoeffdingTreeParams.defaults().withGracePeriod(50).withMaxNodes(15)),
        OnlineAdaptiveHoeffdingTree.of(HoeffdingTreeParams.defaults().withGracePeriod(50).withMaxNodes(15))}) {
      TreeModel tree = (TreeModel) model;
      Streams.learnAll(tree, rows, 0, rows.length);
      assertThat(tree.nodeCount(), lessThanOrEqualTo(15));
      assertEquals(HoeffdingTreeCore.countNodes(tree.core.root), tree.nodeCount());
    }
  }

  @Test
  public void multiClassTree() {
    OnlineHoeffdingTree tree = OnlineHoeffdingTree.of(HoeffdingTreeParams.defaults().withNumClasses(3));
    Random random = new Random(3);
    for (int t = 0; t < 3000; t++) {
      double x = random.nextDouble();
      tree.learn(new double[] {x, random.nextDouble()}, x < 0.33 ? 0 : x < 0.66 ? 1 : 2);
    }
    assertEquals(0.0, tree.predict(new double[] {0.1, 0.5}), 0.0);
    assertEquals(1.0, tree.predict(new double[] {0.5, 0.5}), 0.0);
    assertEquals(2.0, tree.predict(new double[] {0.9, 0.5}), 0.0);
  }

  /** Label 1 on the black squares of a 4 x 4 board over [0, 1)^2, plus a noise attribute. */
  static double[][] checkerboard(int n, long seed) {
    Random random = new Random(seed);
    double[][] rows = new double[n][4];
    for (int t = 0; t < n; t++) {
      double a = random.nextDouble();
      double b = random.nextDouble();
      rows[t] = new double[] {a, b, random.nextDouble(), ((int) (a * 4) + (int) (b * 4)) % 2};
    }
    return rows;
  }
}
