package dev.streamml.pipelines.demo;

import dev.streamml.events.EventParseException;
import dev.streamml.events.TimestampFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays NAB-format series ({@code timestamp,value} CSV files, one series per file) into a Kafka
 * topic as JSON events {@code {"key": <file name>, "timestamp": "...", "value": ...}}, in event-time
 * order across all files, each record's Kafka timestamp set to its event time.
 *
 * <pre>{@code
 * NabReplay replay = NabReplay.load(Path.of("data/nab/data/realKnownCause"));
 * long sent = replay.sendTo("127.0.0.1:9092", "events", List.of(), count -> {});
 * }</pre>
 */
public final class NabReplay {

  /** One row of a series. */
  private static final class Row {
    final String key;
    final String timestamp;
    final long millis;
    final String value;

    Row(String key, String timestamp, long millis, String value) {
      this.key = key;
      this.timestamp = timestamp;
      this.millis = millis;
      this.value = value;
    }
  }

  private final List<Row> rows;
  private final List<String> keys;

  private NabReplay(List<Row> rows, List<String> keys) {
    this.rows = rows;
    this.keys = keys;
  }

  /** Reads every {@code *.csv} file directly in {@code directory}. */
  public static NabReplay load(Path directory) {
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files =
          listing
              .filter(path -> path.getFileName().toString().endsWith(".csv"))
              .sorted()
              .collect(Collectors.toList());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read data folder " + directory + ": " + e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no .csv files in " + directory);
    }
    List<Row> rows = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (Path file : files) {
      String key = file.getFileName().toString().replaceFirst("\\.csv$", "");
      keys.add(key);
      readSeries(file, key, rows);
    }
    // Stable sort: rows of equal time keep file order, so replays are reproducible.
    rows.sort(Comparator.comparingLong(row -> row.millis));
    return new NabReplay(rows, keys);
  }

  private static void readSeries(Path file, String key, List<Row> rows) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null || !header.trim().equals("timestamp,value")) {
        throw new IllegalArgumentException(
            file + ": line 1 must be the header 'timestamp,value', found '" + header + "'");
      }
      int lineNumber = 1;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        String[] cells = line.split(",", -1);
        if (cells.length != 2) {
          throw new IllegalArgumentException(file + ": line " + lineNumber + " is not time,value");
        }
        try {
          long millis = TimestampFormat.AUTO.parse(cells[0]).getMillis();
          rows.add(new Row(key, cells[0].trim(), millis, cells[1].trim()));
        } catch (EventParseException e) {
          throw new IllegalArgumentException(file + ": line " + lineNumber + ": " + e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Number of rows over all series. */
  public int size() {
    return rows.size();
  }

  /** Series names (file names without extension), which are the event keys. */
  public List<String> keys() {
    return keys;
  }

  /**
   * Sends every row, then the {@code extraRecords} (raw payloads, such as malformed ones), and
   * returns how many records were sent. {@code progress} sees the running count.
   */
  public long sendTo(
      String bootstrapServers, String topic, List<byte[]> extraRecords, LongConsumer progress) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    long sent = 0;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      for (Row row : rows) {
        String json =
            "{\"key\":\""
                + row.key
                + "\",\"timestamp\":\""
                + row.timestamp
                + "\",\"value\":"
                + row.value
                + "}";
        producer.send(
            new ProducerRecord<>(
                topic, null, row.millis, row.key, json.getBytes(StandardCharsets.UTF_8)));
        if (++sent % 5000 == 0) {
          progress.accept(sent);
        }
      }
      long lastMillis = rows.isEmpty() ? 0 : rows.get(rows.size() - 1).millis;
      for (byte[] payload : extraRecords) {
        producer.send(new ProducerRecord<>(topic, null, lastMillis, "malformed", payload));
        sent++;
      }
      producer.flush();
    }
    progress.accept(sent);
    return sent;
  }
}
