package dev.streamml.pipelines.prequential;

import dev.streamml.events.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A labelled CSV file read in the driver: a header row naming the columns, one label column of
 * classes {@code 0, 1, ..} ({@link #read}) or of numbers ({@link #readRegression}) and numeric
 * features in every other column. Row {@code i} (from 0)
 * becomes one event of key {@link #key()} at {@link #EPOCH} plus {@code i} seconds, id {@code
 * "<i>"}, so event-time order is row order.
 *
 * <pre>{@code
 * LabelledCsv csv = LabelledCsv.read(Path.of("electricity.csv"), "class");
 * List<TimestampedValue<Event>> events = csv.events();
 * }</pre>
 */
public final class LabelledCsv {
  /** Event time of the first row. */
  public static final Instant EPOCH = Instant.EPOCH;

  private final String key;
  private final List<String> featureNames;
  private final List<double[]> features;
  private final List<Double> labels;
  private final boolean regression;

  private LabelledCsv(
      String key,
      List<String> featureNames,
      List<double[]> features,
      List<Double> labels,
      boolean regression) {
    this.regression = regression;
    this.key = key;
    this.featureNames = featureNames;
    this.features = features;
    this.labels = labels;
  }

  /**
   * Reads and checks the whole file.
   *
   * @throws IllegalArgumentException naming the file, line and column of the first problem: no
   *     header, no data row, no such label column, a non-numeric feature, a label that is not a
   *     class {@code 0, 1, ..}, or a row of another width than the header
   */
  public static LabelledCsv read(Path path, String labelColumn) throws IOException {
    return read(path, labelColumn, false);
  }

  /**
   * Reads and checks the whole file, whose labels are any finite numbers (regression).
   *
   * @throws IllegalArgumentException as {@link #read(Path, String)}, a label that is not a finite
   *     number included
   */
  public static LabelledCsv readRegression(Path path, String labelColumn) throws IOException {
    return read(path, labelColumn, true);
  }

  private static LabelledCsv read(Path path, String labelColumn, boolean regression)
      throws IOException {
    List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    int headerLine = 0;
    while (headerLine < lines.size() && lines.get(headerLine).isBlank()) {
      headerLine++;
    }
    if (headerLine == lines.size()) {
      throw new IllegalArgumentException(path + " is empty; expected a header row and data rows");
    }
    String[] header = split(lines.get(headerLine));
    int labelIndex = -1;
    List<String> names = new ArrayList<>();
    for (int c = 0; c < header.length; c++) {
      if (header[c].equals(labelColumn)) {
        labelIndex = c;
      } else {
        names.add(header[c]);
      }
    }
    if (labelIndex < 0) {
      throw new IllegalArgumentException(
          path + " has no column '" + labelColumn + "'; its columns are " + String.join(",", header));
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException(path + " has no feature column besides the label");
    }
    List<double[]> features = new ArrayList<>();
    List<Double> labels = new ArrayList<>();
    for (int l = headerLine + 1; l < lines.size(); l++) {
      if (lines.get(l).isBlank()) {
        continue;
      }
      String[] cells = split(lines.get(l));
      String where = path + " line " + (l + 1);
      if (cells.length != header.length) {
        throw new IllegalArgumentException(
            where + " has " + cells.length + " columns, the header " + header.length);
      }
      double[] row = new double[names.size()];
      int f = 0;
      Double label = null;
      for (int c = 0; c < cells.length; c++) {
        if (c == labelIndex) {
          label =
              regression
                  ? parseNumber(cells[c], where, labelColumn)
                  : (double) parseLabel(cells[c], where, labelColumn);
        } else {
          row[f++] = parseNumber(cells[c], where, header[c]);
        }
      }
      features.add(row);
      labels.add(label);
    }
    if (features.isEmpty()) {
      throw new IllegalArgumentException(path + " has a header but no data row");
    }
    String name = path.getFileName().toString();
    String key = name.endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    return new LabelledCsv(
        key, Collections.unmodifiableList(names), features, labels, regression);
  }

  private static String[] split(String line) {
    String[] cells = line.split(",", -1);
    for (int i = 0; i < cells.length; i++) {
      cells[i] = cells[i].trim();
    }
    return cells;
  }

  private static double parseNumber(String cell, String where, String column) {
    try {
      double value = Double.parseDouble(cell);
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        where + " column '" + column + "': '" + cell + "' is not a finite number");
  }

  private static int parseLabel(String cell, String where, String column) {
    double value;
    try {
      value = Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!(value >= 0) || value != Math.rint(value) || value > 1_000) {
      throw new IllegalArgumentException(
          where
              + " label column '"
              + column
              + "': '"
              + cell
              + "' is not a class 0, 1, 2, ..");
    }
    return (int) value;
  }

  /** The key of every event: the file name without {@code .csv}. */
  public String key() {
    return key;
  }

  public List<String> featureNames() {
    return featureNames;
  }

  public int rowCount() {
    return features.size();
  }

  /** Whether the labels are numbers to predict rather than classes. */
  public boolean isRegression() {
    return regression;
  }

  /** Number of classes: the largest label plus one, at least 2 (classification). */
  public int classCount() {
    int max = 1;
    for (double label : labels) {
      max = Math.max(max, (int) label);
    }
    return max + 1;
  }

  /** Row index of an event id. */
  public static int rowOf(String id) {
    return Integer.parseInt(id);
  }

  /** One event per row, in row order, timestamped one second apart from {@link #EPOCH}. */
  public List<TimestampedValue<Event>> events() {
    List<TimestampedValue<Event>> events = new ArrayList<>(features.size());
    for (int i = 0; i < features.size(); i++) {
      Instant timestamp = EPOCH.plus(Duration.standardSeconds(i));
      Event.Builder builder = Event.builder(key, timestamp);
      double[] row = features.get(i);
      for (int f = 0; f < row.length; f++) {
        builder.feature(featureNames.get(f), row[f]);
      }
      events.add(
          TimestampedValue.of(
              builder.label(labels.get(i)).id(Integer.toString(i)).build(), timestamp));
    }
    return events;
  }
}
