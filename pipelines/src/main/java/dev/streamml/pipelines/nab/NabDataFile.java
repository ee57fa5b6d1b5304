package dev.streamml.pipelines.nab;

import dev.streamml.eval.nab.NabSeries;
import dev.streamml.eval.nab.NabWindow;
import dev.streamml.events.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * One NAB data file, read and checked: its rows in file order (original timestamp and value text,
 * the timestamp as UTC millis, the value) and its labelled anomaly windows.
 *
 * <p>The file must be NAB's format: the header {@code timestamp,value}, then one {@code yyyy-MM-dd
 * HH:mm:ss[.ffffff],number} row per line (blank lines are skipped, as pandas does). Anything else
 * stops the file with a {@link NabFileException} naming the file and the line.
 *
 * <p>Rows keep file order. Timestamps may repeat or step back (a few NAB files do around
 * daylight-saving changes), so a row's place in the stream is its index, not its time: {@link
 * #events()} gives row {@code i} the synthetic event time {@link #ROW_TIME_ORIGIN} plus {@code i}
 * seconds and carries the original text in the event id ({@link #eventId}).
 *
 * <pre>{@code
 * NabDataFile file =
 *     NabDataFile.read(Path.of("data/nab/data/realKnownCause/nyc_taxi.csv"),
 *         "realKnownCause/nyc_taxi.csv", List.of(List.of("2014-11-01 19:00:00.000000", ...)));
 * NabSeries series = file.series(scores);
 * }</pre>
 */
public final class NabDataFile {

  /** The header every NAB data file starts with. */
  public static final String HEADER = "timestamp,value";

  /** Name of the one feature of the events {@link #events()} makes. */
  public static final String VALUE = Event.VALUE;

  /** Event time of row 0; row {@code i} is {@code i} seconds later. */
  public static final Instant ROW_TIME_ORIGIN = new Instant(0);

  /** NAB's timestamp layout, {@code yyyy-MM-dd HH:mm:ss} with an optional fraction, read as UTC. */
  static final DateTimeFormatter TIMESTAMP =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private final String name;
  private final Path path;
  private final String[] timestampTexts;
  private final long[] timestamps;
  private final String[] valueTexts;
  private final double[] values;
  private final List<NabWindow> windows;

  private NabDataFile(
      String name,
      Path path,
      String[] timestampTexts,
      long[] timestamps,
      String[] valueTexts,
      double[] values,
      List<NabWindow> windows) {
    this.name = name;
    this.path = path;
    this.timestampTexts = timestampTexts;
    this.timestamps = timestamps;
    this.valueTexts = valueTexts;
    this.values = values;
    this.windows = windows;
  }

  /**
   * Reads and checks {@code file}, named {@code name} (its path under NAB's {@code data/} folder,
   * with {@code /}), whose labelled windows are {@code windows} (pairs of NAB timestamps).
   *
   * @throws NabFileException if the file is not NAB's format, or the windows do not fit its rows
   */
  public static NabDataFile read(Path file, String name, List<List<String>> windows) {
    List<String> timestampTexts = new ArrayList<>();
    List<String> valueTexts = new ArrayList<>();
    List<Long> millis = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null) {
        throw new NabFileException(file, "the file is empty; expected the header '" + HEADER + "'");
      }
      if (!header.isEmpty() && header.charAt(0) == BYTE_ORDER_MARK) {
        header = header.substring(1);
      }
      if (!header.strip().equals(HEADER)) {
        throw new NabFileException(
            file, 1, "expected the header '" + HEADER + "', found '" + header + "'");
      }
      int lineNumber = 1;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length != 2) {
          throw new NabFileException(
              file,
              lineNumber,
              "expected 2 cells (timestamp,value), found " + cells.length + ": '" + line + "'");
        }
        String timestamp = cells[0].strip();
        String value = cells[1].strip();
        millis.add(parseTimestamp(file, lineNumber, timestamp));
        values.add(parseValue(file, lineNumber, value));
        timestampTexts.add(timestamp);
        valueTexts.add(value);
      }
    } catch (MalformedInputException e) {
      throw new NabFileException(file, "the file is not UTF-8 text");
    } catch (IOException e) {
      throw new NabFileException(file, "cannot read the file: " + e.getMessage());
    }
    if (values.isEmpty()) {
      throw new NabFileException(file, "no data rows after the header '" + HEADER + "'");
    }
    long[] timestamps = millis.stream().mapToLong(Long::longValue).toArray();
    double[] valueArray = values.stream().mapToDouble(Double::doubleValue).toArray();
    List<NabWindow> parsedWindows = parseWindows(file, name, windows);
    try {
      // NabSeries checks the windows as NAB does: in order, not overlapping, on row timestamps.
      NabSeries.of(name, timestamps, new double[timestamps.length], parsedWindows);
    } catch (IllegalArgumentException e) {
      throw new NabFileException(
          file, "its labelled windows do not fit its rows: " + e.getMessage());
    }
    return new NabDataFile(
        name,
        file,
        timestampTexts.toArray(new String[0]),
        timestamps,
        valueTexts.toArray(new String[0]),
        valueArray,
        List.copyOf(parsedWindows));
  }

  /**
   * A NAB timestamp ({@code yyyy-MM-dd HH:mm:ss[.ffffff]}, UTC) as epoch millis.
   *
   * @throws IllegalArgumentException if {@code text} is not one
   */
  public static long parseTimestamp(String text) {
    try {
      return LocalDateTime.parse(text.strip(), TIMESTAMP).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a timestamp yyyy-MM-dd HH:mm:ss[.ffffff]", e);
    }
  }

  private static long parseTimestamp(Path file, int lineNumber, String text) {
    try {
      return parseTimestamp(text);
    } catch (IllegalArgumentException e) {
      throw new NabFileException(file, lineNumber, e.getMessage());
    }
  }

  private static double parseValue(Path file, int lineNumber, String text) {
    // Double.parseDouble alone would also take "NaN", "1d" and hexadecimal.
    double value = DECIMAL.matcher(text).matches() ? Double.parseDouble(text) : Double.NaN;
    if (!Double.isFinite(value)) {
      throw new NabFileException(file, lineNumber, "'" + text + "' is not a finite decimal number");
    }
    return value;
  }

  private static List<NabWindow> parseWindows(Path file, String name, List<List<String>> windows) {
    List<NabWindow> parsed = new ArrayList<>();
    for (List<String> window : windows) {
      if (window.size() != 2) {
        throw new NabFileException(
            file, "its labels are not [start, end] pairs: " + window + " (labels of " + name + ")");
      }
      try {
        parsed.add(NabWindow.of(parseTimestamp(window.get(0)), parseTimestamp(window.get(1))));
      } catch (IllegalArgumentException e) {
        throw new NabFileException(file, "bad labelled window " + window + ": " + e.getMessage());
      }
    }
    return parsed;
  }

  /** The NAB name: the path under {@code data/}, such as {@code realKnownCause/nyc_taxi.csv}. */
  public String name() {
    return name;
  }

  /** The folder part of {@link #name()} (NAB's category), empty for a file directly in data/. */
  public String category() {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? "" : name.substring(0, slash);
  }

  /** The file name part of {@link #name()}. */
  public String fileName() {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /** Where the file was read from. */
  public Path path() {
    return path;
  }

  public int rowCount() {
    return values.length;
  }

  /** The timestamp of row {@code row} as written in the file. */
  public String timestampText(int row) {
    return timestampTexts[row];
  }

  /** The value of row {@code row} as written in the file. */
  public String valueText(int row) {
    return valueTexts[row];
  }

  /** A copy of the row values, in file order. */
  public double[] values() {
    return values.clone();
  }

  /** A copy of the row timestamps, epoch millis, in file order. */
  public long[] timestamps() {
    return timestamps.clone();
  }

  /** The labelled anomaly windows, in time order. */
  public List<NabWindow> windows() {
    return windows;
  }

  /**
   * NAB's ground-truth label of a row: 1 if its timestamp lies in a labelled window (both ends
   * included, compared by time as NAB's {@code CorpusLabel} does), else 0.
   */
  public int label(int row) {
    for (NabWindow window : windows) {
      if (timestamps[row] >= window.getStartMillis() && timestamps[row] <= window.getEndMillis()) {
        return 1;
      }
    }
    return 0;
  }

  /**
   * One single-valued event per row, keyed by {@link #name()}: row {@code i} at {@link
   * #ROW_TIME_ORIGIN} plus {@code i} seconds, its NAB label as the event label and {@link #eventId}
   * as the id.
   */
  public List<TimestampedValue<Event>> events() {
    List<TimestampedValue<Event>> events = new ArrayList<>(values.length);
    for (int row = 0; row < values.length; row++) {
      Instant time = rowTime(row);
      Event event =
          Event.builder(name, time)
              .feature(VALUE, values[row])
              .label((double) label(row))
              .id(eventId(row, timestampTexts[row], valueTexts[row]))
              .build();
      events.add(TimestampedValue.of(event, time));
    }
    return events;
  }

  /** The synthetic event time of row {@code row}. */
  public static Instant rowTime(int row) {
    return ROW_TIME_ORIGIN.plus(Duration.standardSeconds(row));
  }

  /**
   * The id of a row's event: {@code <row index>,<timestamp text>,<value text>}, that is the row as
   * written in the file after its index. {@link #rowOf} reads the index back.
   */
  public static String eventId(int row, String timestampText, String valueText) {
    return row + "," + timestampText + "," + valueText;
  }

  /**
   * The row index in an {@link #eventId}.
   *
   * @throws IllegalArgumentException if {@code id} is not an event id of this class
   */
  public static int rowOf(String id) {
    int comma = id == null ? -1 : id.indexOf(',');
    try {
      return Integer.parseInt(id.substring(0, comma));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "'" + id + "' is not a NAB row id <row>,<timestamp>,<value>");
    }
  }

  /** The file's row text ({@code <timestamp>,<value>}) in an {@link #eventId}. */
  public static String rowText(String id) {
    rowOf(id);
    return id.substring(id.indexOf(',') + 1);
  }

  /** The series NAB's scorer grades: these rows and windows with one anomaly score per row. */
  public NabSeries series(double[] scores) {
    return NabSeries.of(name, timestamps, scores, windows);
  }

  @Override
  public String toString() {
    return "NabDataFile{" + name + ", rows=" + values.length + ", windows=" + windows + "}";
  }
}
