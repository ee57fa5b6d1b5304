package dev.streamml.pipelines.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.kafka.KafkaIO;
import org.apache.beam.sdk.runners.TransformHierarchy;

/**
 * The KafkaIO writers a pipeline was built with, for tests that check how a sink is configured.
 *
 * <pre>{@code
 * KafkaWrites.byTopic(pipeline).get("scores").getProducerConfig();
 * }</pre>
 */
public final class KafkaWrites {

  private KafkaWrites() {}

  /** The pipeline's KafkaIO writers, by topic. */
  public static Map<String, KafkaIO.WriteRecords<?, ?>> byTopic(Pipeline pipeline) {
    List<TransformHierarchy.Node> nodes = new ArrayList<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            nodes.add(node);
            return CompositeBehavior.ENTER_TRANSFORM;
          }
        });
    Map<String, KafkaIO.WriteRecords<?, ?>> writes = new HashMap<>();
    for (TransformHierarchy.Node node : nodes) {
      if (node.getTransform() instanceof KafkaIO.WriteRecords<?, ?> write) {
        writes.put(write.getTopic(), write);
      }
    }
    return writes;
  }
}
