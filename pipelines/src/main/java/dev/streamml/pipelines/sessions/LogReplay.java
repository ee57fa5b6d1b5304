package dev.streamml.pipelines.sessions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays an access log in the NASA-HTTP TSV form into a Kafka topic, one line per record, in file
 * order (the bundled files are sorted by time), each record keyed by host and stamped with its
 * request time, so the pipeline's watermark follows the log's own clock.
 *
 * <pre>{@code
 * LogReplay replay = LogReplay.load(Path.of("data/nasa-http/nasa_19950701.tsv"));
 * long sent = replay.sendTo("127.0.0.1:9092", "access-log", List.of("not a log line"));
 * }</pre>
 */
public final class LogReplay {

  /** One line with the host and time the replay keys and stamps it with. */
  private static final class Line {
    final String text;
    final String host;
    final long millis;

    Line(String text, String host, long millis) {
      this.text = text;
      this.host = host;
      this.millis = millis;
    }
  }

  private final List<Line> lines;

  private LogReplay(List<Line> lines) {
    this.lines = lines;
  }

  /**
   * Reads a TSV log with the header {@code host logname time ...}; at most {@code limit} lines
   * (0: all).
   *
   * @throws IllegalArgumentException naming the file and line when it is not that format
   */
  public static LogReplay load(Path file, int limit) {
    List<String> text;
    try {
      text = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (text.isEmpty() || !text.get(0).startsWith("host\tlogname\ttime")) {
      throw new IllegalArgumentException(
          file + ": line 1 must be the header 'host logname time method url response bytes'");
    }
    List<Line> lines = new ArrayList<>();
    for (int i = 1; i < text.size() && (limit <= 0 || lines.size() < limit); i++) {
      String[] fields = text.get(i).split("\t", -1);
      try {
        lines.add(new Line(text.get(i), fields[0], Long.parseLong(fields[2]) * 1000));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            file + ": line " + (i + 1) + " has no host and Unix time in fields 1 and 3");
      }
    }
    return new LogReplay(lines);
  }

  /** Lines to send. */
  public int size() {
    return lines.size();
  }

  /** Request time of the first line, in ms. */
  public long firstMillis() {
    return lines.isEmpty() ? 0 : lines.get(0).millis;
  }

  /** Request time of the last line, in ms. */
  public long lastMillis() {
    return lines.isEmpty() ? 0 : lines.get(lines.size() - 1).millis;
  }

  /**
   * Sends every line, then {@code extraLines} (such as malformed ones, stamped with the last
   * request time), and returns how many records were sent.
   */
  public long sendTo(String bootstrapServers, String topic, List<String> extraLines) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    long sent = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      for (Line line : lines) {
        producer.send(
            new ProducerRecord<>(
                topic, null, line.millis, line.host, line.text.getBytes(StandardCharsets.UTF_8)));
        sent++;
      }
      for (String extra : extraLines) {
        producer.send(
            new ProducerRecord<>(
                topic, null, lastMillis(), "malformed", extra.getBytes(StandardCharsets.UTF_8)));
        sent++;
      }
      producer.flush();
    } catch (RuntimeException e) {
      throw new UncheckedIOException(
          new IOException("cannot send to " + topic + " on " + bootstrapServers, e));
    }
    return sent;
  }
}
