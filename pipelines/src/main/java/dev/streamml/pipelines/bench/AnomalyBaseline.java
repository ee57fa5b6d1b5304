package dev.streamml.pipelines.bench;

import dev.streamml.anomaly.AnomalyDetector;
import dev.streamml.anomaly.AnomalyLabel;
import dev.streamml.anomaly.AnomalyResult;
import dev.streamml.anomaly.threshold.EnsembleDetector;
import dev.streamml.anomaly.threshold.FixedThreshold;
import dev.streamml.anomaly.threshold.Threshold;
import dev.streamml.events.Event;
import dev.streamml.events.EventParser;
import dev.streamml.pipelines.anomaly.AnomalyJson;
import dev.streamml.pipelines.anomaly.AnomalyPipeline;
import dev.streamml.pipelines.anomaly.DetectorCatalog;
import dev.streamml.pipelines.options.PipelineSettings;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The anomaly scoring pipeline's work as a plain loop: the same parser, the same detector (from
 * {@link DetectorCatalog}, by the pipeline's {@code --detector}), one per key in a hash map, the
 * same threshold, labels, model versions and idle-timeout rule, the same JSON ({@link AnomalyJson})
 * to the same scores and alerts topics. Records are scored in arrival order, which is event-time
 * order per key for benchmark input (a key's records share a partition and are sent in time
 * order), so its results equal the pipeline's; the pipeline's event-time ordering buffer is work
 * this program does not need.
 *
 * <pre>{@code
 * AnomalyPipeline.Options options = AnomalyPipeline.options(args);
 * long results = AnomalyBaseline.of(options).run();
 * }</pre>
 */
public final class AnomalyBaseline extends BaselineLoop {
  private final AnomalyDetector prototype;
  private final double threshold;
  private final long idleMillis;
  private final String scoresTopic;
  private final String alertsTopic;
  private final Map<String, KeyModel> models = new HashMap<>();

  private AnomalyBaseline(AnomalyPipeline.Options options) {
    super(
        options.getBootstrapServers(),
        options.getInputTopic(),
        options.getDeadLetterTopic(),
        EventParser.of(PipelineSettings.eventFormat(options)));
    this.prototype = DetectorCatalog.named(options.getDetector());
    this.threshold = options.getThreshold();
    this.idleMillis =
        PipelineSettings.duration("--modelIdleTimeout", options.getModelIdleTimeout()).getMillis();
    this.scoresTopic = options.getScoresTopic();
    this.alertsTopic = options.getAlertsTopic();
  }

  /** A baseline for the pipeline these options describe (its topics, detector and threshold). */
  public static AnomalyBaseline of(AnomalyPipeline.Options options) {
    return new AnomalyBaseline(options);
  }

  /** Runs over the input topic as it is now; returns the number of records written. */
  public long runToEnd() {
    return run();
  }

  @Override
  void onEvent(Event event) {
    long millis = event.getTimestamp().getMillis();
    KeyModel model = models.get(event.getKey());
    if (model == null || (model.version > 0 && millis >= model.lastLearned + idleMillis)) {
      model = new KeyModel(prototype.copy(), FixedThreshold.of(threshold));
      models.put(event.getKey(), model);
    }
    boolean late = model.version > 0 && millis <= model.lastLearned;
    AnomalyResult result = model.score(event, late);
    if (!late) {
      model.learn(result, millis);
    }
    String json = AnomalyJson.of(result);
    write(scoresTopic, result.key(), json);
    if (result.isOutlier()) {
      write(alertsTopic, result.key(), json);
    }
  }

  /** Keys with a model: what a state-size figure is about. */
  int keys() {
    return models.size();
  }

  /** One key's detector, threshold and version, as AnomalyDetection keeps them. */
  private static final class KeyModel {
    final AnomalyDetector detector;
    final Threshold threshold;
    long version;
    long lastLearned = Long.MIN_VALUE / 2;

    KeyModel(AnomalyDetector detector, Threshold threshold) {
      this.detector = detector;
      this.threshold = threshold;
    }

    AnomalyResult score(Event event, boolean late) {
      double[] point = event.values();
      boolean warm = detector.isWarm();
      Map<String, Double> members = Collections.emptyMap();
      double score;
      if (detector instanceof EnsembleDetector) {
        EnsembleDetector ensemble = (EnsembleDetector) detector;
        double[] memberScores = ensemble.scoreAll(point);
        score = ensemble.combine(memberScores);
        members = byMemberId(ensemble.memberIds(), memberScores);
      } else {
        score = detector.score(point);
      }
      double cutOff = threshold.value();
      AnomalyLabel label =
          !warm
              ? AnomalyLabel.WARMUP
              : threshold.isAnomaly(score) ? AnomalyLabel.OUTLIER : AnomalyLabel.NORMAL;
      return AnomalyResult.builder(event)
          .timestamp(event.getTimestamp())
          .score(score)
          .label(label)
          .threshold(cutOff)
          .detectorId(detector.id())
          .modelVersion(version)
          .memberScores(members)
          .late(late)
          .build();
    }

    void learn(AnomalyResult scored, long millis) {
      detector.learn(scored.event().values());
      if (scored.label() != AnomalyLabel.WARMUP) {
        threshold.update(scored.score());
      }
      version++;
      lastLearned = millis;
    }

    private static Map<String, Double> byMemberId(List<String> ids, double[] scores) {
      Map<String, Integer> occurrences = new HashMap<>();
      for (String id : ids) {
        occurrences.merge(id, 1, Integer::sum);
      }
      Map<String, Double> byId = new LinkedHashMap<>();
      for (int i = 0; i < scores.length; i++) {
        String id = ids.get(i);
        byId.put(occurrences.get(id) > 1 ? id + "#" + i : id, scores[i]);
      }
      return byId;
    }
  }
}
