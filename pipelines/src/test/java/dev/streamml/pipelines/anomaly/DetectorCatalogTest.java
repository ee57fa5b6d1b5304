package dev.streamml.pipelines.anomaly;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertThrows;

import dev.streamml.anomaly.AnomalyDetector;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class DetectorCatalogTest {

  @Test
  public void namesListTheRecommendedDetectorFirst() {
    assertEquals(
        List.of("knn-conformal", "zscore", "robust-zscore", "iqr", "hst", "ensemble"),
        DetectorCatalog.names());
    assertEquals(DetectorCatalog.RECOMMENDED, DetectorCatalog.names().get(0));
  }

  @Test
  public void eachNameGivesAFreshUntrainedDetector() {
    Map<String, String> ids =
        Map.of(
            "knn-conformal", "knn-conformal",
            "zscore", "zscore",
            "robust-zscore", "robust-zscore",
            "iqr", "iqr",
            "hst", "half-space-trees",
            "ensemble", "ensemble-mean");
    for (String name : DetectorCatalog.names()) {
      AnomalyDetector first = DetectorCatalog.named(name);
      first.learn(new double[] {1.0});
      AnomalyDetector second = DetectorCatalog.named(" " + name + " ");
      assertNotSame(first, second);
      assertEquals(name, ids.get(name), second.id());
      assertEquals(name + " is untrained", 0, second.count());
    }
  }

  @Test
  public void anUnknownNameListsTheAcceptedOnes() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> DetectorCatalog.named("lof"));
    assertThat(
        error.getMessage(),
        containsString(
            "unknown detector 'lof'; accepted: knn-conformal, zscore, robust-zscore, iqr, hst,"
                + " ensemble"));
  }
}
