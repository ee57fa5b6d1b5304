package dev.streamml.pipelines.online;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.streamml.online.HoeffdingTreeParams;
import dev.streamml.online.ModelSnapshot;
import dev.streamml.online.OnlineHoeffdingTree;
import dev.streamml.online.OnlineModel;
import dev.streamml.online.OnlineModels;
import dev.streamml.online.beam.KeyedModelSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Option checks of the online-learning pipeline and the snapshot JSON it writes and reads. */
public class OnlineLearningOptionsTest {
  @Rule public final TemporaryFolder folder = new TemporaryFolder();

  private static OnlineModel trainedTree(int rows) {
    OnlineModel tree = OnlineHoeffdingTree.of(HoeffdingTreeParams.defaults().withGracePeriod(20));
    Random random = new Random(4);
    for (int i = 0; i < rows; i++) {
      double x = random.nextDouble();
      tree.learn(new double[] {x, random.nextDouble()}, x > 0.4 ? 1 : 0);
    }
    return tree;
  }

  @Test
  public void snapshotJsonRestoresAModelThatPredictsBitForBit() {
    OnlineModel tree = trainedTree(500);
    KeyedModelSnapshot saved =
        new KeyedModelSnapshot("k", tree.version(), Instant.parse("2024-01-01T00:00:00Z"), tree.snapshot());
    KeyedModelSnapshot read = OnlineJson.snapshot(OnlineJson.snapshot(saved));
    assertEquals(saved, read);
    OnlineModel restored = OnlineModels.fromSnapshot(read.snapshot());
    for (double x = 0; x < 1; x += 0.01) {
      double[] row = {x, 1 - x};
      assertArrayEquals(tree.predictProba(row), restored.predictProba(row), 0.0);
    }
  }

  @Test
  public void initialModelsTakeEachKeysLatestVersion() throws Exception {
    Instant at = Instant.parse("2024-01-01T00:00:00Z");
    OnlineModel early = trainedTree(100);
    OnlineModel late = trainedTree(300);
    Path file = folder.newFile("snapshots.jsonl").toPath();
    Files.write(
        file,
        List.of(
            OnlineJson.snapshot(new KeyedModelSnapshot("a", 300, at, late.snapshot())),
            OnlineJson.snapshot(new KeyedModelSnapshot("a", 100, at, early.snapshot())),
            "",
            OnlineJson.snapshot(new KeyedModelSnapshot("b", 100, at, early.snapshot()))),
        StandardCharsets.UTF_8);
    Map<String, ModelSnapshot> models = OnlineLearningPipeline.initialModels(file);
    assertEquals(late.snapshot(), models.get("a"));
    assertEquals(early.snapshot(), models.get("b"));
    assertEquals(2, models.size());
  }

  @Test
  public void badInitialModelsNameTheOptionAndTheLine() throws Exception {
    Path file = folder.newFile("bad.jsonl").toPath();
    Files.write(file, List.of("{\"key\": \"a\"}"), StandardCharsets.UTF_8);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OnlineLearningPipeline.options("--initialModels=" + file));
    assertThat(e.getMessage(), startsWith("invalid --initialModels: " + file + " line 1: missing field"));
  }

  @Test
  public void badOptionsFailWithOneLineNamingTheOption() {
    assertMessage("invalid --model: unknown model 'forest'", "--model=forest");
    assertMessage("invalid --drift: unknown drift adaptation 'sometimes'", "--drift=sometimes");
    assertMessage("invalid --drift: drift adaptation watches classification errors", "--model=linear-regression", "--drift=swap");
    assertMessage("invalid --classes: at least 2", "--classes=1");
    assertMessage("invalid --features: 'all'", "--features=all");
    assertMessage("invalid --snapshotEvery", "--snapshotEvery=0");
    assertMessage("invalid --labelDelay", "--labelDelay=soon");
    assertMessage("invalid window spec", "--metricsWindow=hourly");
  }

  private static void assertMessage(String prefix, String... args) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnlineLearningPipeline.options(args));
    assertThat(e.getMessage(), org.hamcrest.Matchers.containsString(prefix));
    assertEquals("one line", -1, e.getMessage().indexOf('\n'));
  }
}
