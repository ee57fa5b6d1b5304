package dev.streamml.cluster;

import dev.streamml.launchers.FlinkRest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds which local TaskManager runs the exactly-once writer of a topic's shard 0 (streamml's sinks
 * have one shard, so that subtask holds the sink's cached transactional producer).
 *
 * <pre>{@code
 * int index = WriterPlacement.taskManagerIndex(rest, job, "fault-kill-scores", flink.dataDir(), 2);
 * flink.killTaskManager(1 - index); // the survivor must restart a writer it had cached
 * }</pre>
 */
final class WriterPlacement {

  private WriterPlacement() {}

  /**
   * The index {@code i} of the TaskManager (its log is {@code log/taskmanager-<i>.log} under {@code
   * dataDir}) that runs subtask 0 of the writer to {@code topic}.
   */
  static int taskManagerIndex(
      FlinkRest rest, String jobId, String topic, Path dataDir, int taskManagers) {
    String job = rest.get("/jobs/" + jobId);
    Matcher vertex =
        Pattern.compile(
                "\"id\"\\s*:\\s*\"([0-9a-f]{32})\"[^{}]*?\"name\"\\s*:\\s*\"[^\"]*"
                    + Pattern.quote("Write to Kafka topic '" + topic + "'"))
            .matcher(job);
    if (!vertex.find()) {
      throw new IllegalStateException("no writer to topic " + topic + " in job " + jobId);
    }
    String subtasks = rest.get("/jobs/" + jobId + "/vertices/" + vertex.group(1));
    Matcher first =
        Pattern.compile(
                "\"subtask\"\\s*:\\s*0\\s*,.*?\"taskmanager-id\"\\s*:\\s*\"([^\"]+)\"", Pattern.DOTALL)
            .matcher(subtasks);
    if (!first.find()) {
      throw new IllegalStateException("no TaskManager for subtask 0 of the writer: " + subtasks);
    }
    String resourceId = first.group(1);
    for (int i = 0; i < taskManagers; i++) {
      Path log = dataDir.resolve("log").resolve("taskmanager-" + i + ".log");
      try {
        if (Files.exists(log)
            && Files.readString(log).contains("Starting TaskManager with ResourceID: " + resourceId)) {
          return i;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no TaskManager log names ResourceID " + resourceId);
  }
}
