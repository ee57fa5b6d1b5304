package dev.streamml.anomaly;

/**
 * What {@link AnomalyDetection} concluded about one event.
 *
 * <pre>{@code
 * PCollection<AnomalyResult> outliers =
 *     results.apply(Filter.by(result -> result.label() == AnomalyLabel.OUTLIER));
 * }</pre>
 */
public enum AnomalyLabel {
  /** The detector was warm and the score was below the threshold. */
  NORMAL(0),
  /** The detector was warm and the score was at or above the threshold. */
  OUTLIER(1),
  /** The detector had learned too little to judge; the score is reported but not used. */
  WARMUP(2);

  // The coder writes this code, not the ordinal: reordering the constants must not change what
  // encoded results (in state, in Kafka) mean.
  private final int code;

  AnomalyLabel(int code) {
    this.code = code;
  }

  int code() {
    return code;
  }

  static AnomalyLabel fromCode(int code) {
    for (AnomalyLabel label : values()) {
      if (label.code == code) {
        return label;
      }
    }
    throw new IllegalArgumentException("no anomaly label has code " + code);
  }
}
