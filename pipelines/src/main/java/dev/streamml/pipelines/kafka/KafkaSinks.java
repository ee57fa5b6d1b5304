package dev.streamml.pipelines.kafka;

/**
 * Settings shared by streamml's Kafka sinks ({@link JsonSink}, {@link DeadLetterSink}).
 *
 * <pre>{@code
 * JsonSink.to(servers, "scores").withExactlyOnce(KafkaSinks.exactlyOnceGroup("streamml", "scores"));
 * }</pre>
 */
public final class KafkaSinks {

  /**
   * Writers per exactly-once sink. One transactional writer per topic keeps every output topic's
   * order per key and is plenty for streamml's result rates; the transactions, not the shards, are
   * what bound the latency (one commit per checkpoint).
   */
  public static final int EXACTLY_ONCE_SHARDS = 1;

  private KafkaSinks() {}

  /** The sink group id of an exactly-once sink: {@code <prefix>-eos-<topic>}. */
  public static String exactlyOnceGroup(String prefix, String topic) {
    return checkedGroup(prefix + "-eos-" + topic);
  }

  static String checkedGroup(String group) {
    if (group == null || group.isBlank()) {
      throw new IllegalArgumentException("an exactly-once sink needs a sink group id");
    }
    return group;
  }
}
