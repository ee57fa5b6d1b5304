package dev.streamml.cli;

import dev.streamml.pipelines.demo.KafkaTopics;
import dev.streamml.pipelines.demo.NabReplay;
import dev.streamml.pipelines.demo.ProgressLine;
import dev.streamml.pipelines.demo.ProgressText;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streamml replay}: sends NAB-format CSV series into a Kafka topic as JSON events with
 * event timestamps, creating the topic if needed. Feeds a pipeline started with {@code run}.
 *
 * <pre>{@code
 * ./streamml replay --data data/nab/data/realKnownCause --topic events \
 *     --bootstrap-servers 127.0.0.1:9092
 * }</pre>
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Send NAB-format CSV series into a Kafka topic as JSON events.",
    footer = {
      "",
      "Example:",
      "  ./streamml replay --data data/nab/data/realKnownCause --topic events"
          + " --bootstrap-servers 127.0.0.1:9092"
    })
final class ReplayCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, description = "Folder of timestamp,value CSV files.")
  Path data;

  @Option(names = "--topic", defaultValue = "events", description = "Topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Partitions of a topic that must be created (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Override
  public Integer call() {
    if (partitions < 1) {
      throw new UsageError("--partitions", "must be at least 1, got " + partitions);
    }
    NabReplay replay = NabReplay.load(data);
    KafkaTopics.ensure(bootstrapServers, Map.of(topic, partitions));
    AtomicLong count = new AtomicLong();
    long sent;
    try (ProgressLine line =
        ProgressLine.start(
            System.err, ProgressText.counting("events sent", count::get, replay.size()))) {
      sent = replay.sendTo(bootstrapServers, topic, List.of(), count::set);
    }
    System.out.printf("replayed %d events of %d series into %s%n", sent, replay.keys().size(), topic);
    return 0;
  }
}
