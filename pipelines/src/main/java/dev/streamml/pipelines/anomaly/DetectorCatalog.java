package dev.streamml.pipelines.anomaly;

import dev.streamml.anomaly.AnomalyDetector;
import dev.streamml.anomaly.detectors.HalfSpaceTreesDetector;
import dev.streamml.anomaly.detectors.IqrDetector;
import dev.streamml.anomaly.detectors.KnnConformalDetector;
import dev.streamml.anomaly.detectors.RobustZScoreDetector;
import dev.streamml.anomaly.detectors.ZScoreDetector;
import dev.streamml.anomaly.threshold.EnsembleDetector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The detectors pipelines and commands accept by name ({@code --detector=NAME}), each with its
 * default settings: a fresh, untrained detector per call.
 *
 * <table>
 *   <caption>Detector names</caption>
 *   <tr><th>name</th><th>detector</th></tr>
 *   <tr><td>{@code knn-conformal} (recommended)</td>
 *       <td>{@link KnnConformalDetector#create()}</td></tr>
 *   <tr><td>{@code zscore}</td><td>{@link ZScoreDetector#create()}: last 500 points</td></tr>
 *   <tr><td>{@code robust-zscore}</td>
 *       <td>{@link RobustZScoreDetector#create()}: last 500 points</td></tr>
 *   <tr><td>{@code iqr}</td><td>{@link IqrDetector#create()}: last 500 points, k = 1.5</td></tr>
 *   <tr><td>{@code hst}</td><td>{@link HalfSpaceTreesDetector#create()}</td></tr>
 *   <tr><td>{@code ensemble}</td>
 *       <td>{@link EnsembleDetector#mean} of knn-conformal and zscore</td></tr>
 * </table>
 *
 * <pre>{@code
 * AnomalyDetector detector = DetectorCatalog.named("knn-conformal");
 * results = events.apply(AnomalyDetection.of(DetectorCatalog.named(options.getDetector())));
 * }</pre>
 */
public final class DetectorCatalog {

  /** The detector to use when none is named: the best on the NAB data bundled with streamml. */
  public static final String RECOMMENDED = "knn-conformal";

  private static final Map<String, Supplier<AnomalyDetector>> DETECTORS = new LinkedHashMap<>();

  static {
    DETECTORS.put(RECOMMENDED, KnnConformalDetector::create);
    DETECTORS.put("zscore", ZScoreDetector::create);
    DETECTORS.put("robust-zscore", RobustZScoreDetector::create);
    DETECTORS.put("iqr", IqrDetector::create);
    DETECTORS.put("hst", HalfSpaceTreesDetector::create);
    DETECTORS.put(
        "ensemble",
        () ->
            EnsembleDetector.mean(List.of(KnnConformalDetector.create(), ZScoreDetector.create())));
  }

  private DetectorCatalog() {}

  /** The accepted names, the recommended one first. */
  public static List<String> names() {
    return List.copyOf(DETECTORS.keySet());
  }

  /**
   * A new detector with the default settings of {@code name}.
   *
   * @throws IllegalArgumentException if no detector has that name
   */
  public static AnomalyDetector named(String name) {
    Supplier<AnomalyDetector> detector = name == null ? null : DETECTORS.get(name.trim());
    if (detector == null) {
      throw new IllegalArgumentException(
          "unknown detector '" + name + "'; accepted: " + String.join(", ", names()));
    }
    return detector.get();
  }
}
