package dev.streamml.online;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.Supplier;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/** The {@link OnlineModel} contract, checked for every model of the package. */
@RunWith(Parameterized.class)
public class OnlineModelsTest {

  @Parameters(name = "{0}")
  public static Collection<Object[]> models() {
    return Arrays.asList(
        model("logistic-sgd", () -> OnlineLogisticRegression.of(LearningRate.inverseScaling(0.5, 0.5), 1e-3)),
        model("logistic-ftrl", OnlineFtrlLogisticRegression::create),
        model("linear-sgd", OnlineLinearRegression::create),
        model("linear-nlms", () -> OnlineLinearRegression.normalized(LearningRate.constant(0.5), 1e-4)),
        model("gaussian-nb", () -> OnlineGaussianNaiveBayes.create(2)),
        model("hoeffding-tree", () -> OnlineHoeffdingTree.of(HoeffdingTreeParams.defaults().withGracePeriod(50))),
        model("hoeffding-adaptive-tree",
            () -> OnlineAdaptiveHoeffdingTree.of(HoeffdingTreeParams.defaults().withGracePeriod(50))),
        model("leveraging-bagging",
            () -> OnlineLeveragingBagging.of(HoeffdingTreeParams.defaults().withGracePeriod(50), 3, 6.0, 7L)),
        model("leveraging-bagging-hat",
            () -> OnlineLeveragingBagging.ofAdaptiveTrees(HoeffdingTreeParams.defaults().withGracePeriod(50), 3, 6.0, 7L)),
        model("kmeans", () -> OnlineKMeans.create(3)),
        model("scaled-logistic", () -> StandardScaled.wrap(OnlineLogisticRegression.create())),
        model("scaled-tree", () -> StandardScaled.wrap(OnlineHoeffdingTree.create())),
        model("drift-adaptive-swap",
            () -> DriftAdaptive.swapping(OnlineHoeffdingTree.of(HoeffdingTreeParams.defaults().withGracePeriod(50)))),
        model("drift-adaptive-reset", () -> DriftAdaptive.resetting(OnlineGaussianNaiveBayes.create(2))));
  }

  private static Object[] model(String name, Supplier<OnlineModel> factory) {
    return new Object[] {name, factory};
  }

  private final Supplier<OnlineModel> factory;
  private final double[][] rows = Streams.noisy(3000, 11L);

  public OnlineModelsTest(String name, Supplier<OnlineModel> factory) {
    this.factory = factory;
  }

  private static boolean isClassifier(OnlineModel m) {
    String id = m.id();
    boolean byName = !id.endsWith(OnlineLinearRegression.ID) && !id.endsWith(OnlineKMeans.ID);
    assertEquals(id, byName, m.isClassifier());
    return byName;
  }

  /** Predictions of rows [from, to), each made before learning it, as raw double bits. */
  private double[] prequential(OnlineModel model, int from, int to) {
    double[] out = new double[to - from];
    for (int t = from; t < to; t++) {
      double[] x = Streams.features(rows[t]);
      out[t - from] = model.predict(x);
      if (isClassifier(model)) {
        double[] p = model.predictProba(x);
        assertEquals(1.0, p[0] + p[1], 1e-12);
      }
      model.learn(x, Streams.label(rows[t]));
    }
    return out;
  }

  @Test
  public void sameRowsInSameOrderGiveBitIdenticalPredictions() {
    assertArrayEquals(prequential(factory.get(), 0, 3000), prequential(factory.get(), 0, 3000), 0.0);
  }

  @Test
  public void versionCountsLearnedRows() {
    OnlineModel model = factory.get();
    assertEquals(0, model.version());
    Streams.learnAll(model, rows, 0, 123);
    assertEquals(123, model.version());
  }

  @Test
  public void restoredSnapshotPredictsAndLearnsExactlyLikeTheOriginal() {
    OnlineModel original = factory.get();
    prequential(original, 0, 1700);
    ModelSnapshot snapshot = original.snapshot();
    OnlineModel restored = OnlineModels.fromSnapshot(snapshot);
    assertEquals(original.id(), restored.id());
    assertEquals(1700, restored.version());
    assertEquals(snapshot, restored.snapshot());
    assertArrayEquals(prequential(original, 1700, 3000), prequential(restored, 1700, 3000), 0.0);
    assertEquals(original.snapshot(), restored.snapshot());
  }

  @Test
  public void snapshotOfAnUntrainedModelRestores() {
    OnlineModel restored = OnlineModels.fromSnapshot(factory.get().snapshot());
    assertArrayEquals(prequential(factory.get(), 0, 500), prequential(restored, 0, 500), 0.0);
  }

  @Test
  public void coderRoundTripKeepsTheState() throws Exception {
    OnlineModel original = factory.get();
    prequential(original, 0, 1000);
    OnlineModel decoded =
        CoderUtils.clone(OnlineModelCoder.of(), original);
    assertEquals(original.snapshot(), decoded.snapshot());
    ModelSnapshot snapshot = original.snapshot();
    assertEquals(snapshot, CoderUtils.clone(ModelSnapshotCoder.of(), snapshot));
  }

  @Test
  public void copyIsIndependent() {
    OnlineModel original = factory.get();
    prequential(original, 0, 1000);
    ModelSnapshot before = original.snapshot();
    OnlineModel copy = original.copy();
    Streams.learnAll(copy, rows, 1000, 2000);
    assertEquals(before, original.snapshot());
    assertThat(copy.snapshot(), not(equalTo(before)));
    assertArrayEquals(prequential(original.copy(), 1000, 1500), prequential(original, 1000, 1500), 0.0);
  }

  @Test
  public void rowsOfAnotherWidthAreRefused() {
    OnlineModel model = factory.get();
    model.learn(new double[] {0.1, 0.2, 0.3}, 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> model.learn(new double[] {0.1, 0.2}, 0));
    assertThat(e.getMessage(), containsString("expected 3 features"));
  }

  @Test
  public void snapshotOfAnotherModelIsRefused() {
    ModelSnapshot foreign = ModelSnapshot.of("no-such-model", 0, java.util.Map.of());
    assertThrows(IllegalArgumentException.class, () -> OnlineModels.fromSnapshot(foreign));
  }
}
