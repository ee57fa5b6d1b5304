package dev.streamml.pipelines.nab;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A detector's results for one NAB data file, in the layout of NAB's own results files: {@code
 * <out>/<category>/<detector>_<file>.csv} with the header {@value #HEADER} and one row per data
 * row, in the data file's order, with the data file's timestamp and value text. {@code label} is
 * NAB's ground truth (1 inside a labelled window). Scores are written with {@link Double#toString},
 * so reading them back gives the very same doubles.
 *
 * <pre>{@code
 * Path results = NabResultsFile.path(out, "knn-conformal", "realKnownCause/nyc_taxi.csv");
 * double[] scores = NabResultsFile.readScores(results, dataFile);
 * }</pre>
 */
public final class NabResultsFile {

  /** The first line of a results file. */
  public static final String HEADER = "timestamp,value,anomaly_score,label";

  private NabResultsFile() {}

  /**
   * Where the results of {@code detector} for the data file named {@code name} ({@code
   * <category>/<file>.csv}) go: {@code out/<category>/<detector>_<file>.csv}.
   */
  public static Path path(Path out, String detector, String name) {
    int slash = name.lastIndexOf('/');
    String category = slash < 0 ? "" : name.substring(0, slash);
    String fileName = detector + "_" + name.substring(slash + 1);
    return category.isEmpty() ? out.resolve(fileName) : out.resolve(category).resolve(fileName);
  }

  /** One results row: the data row's text, then the score and NAB's label. */
  public static String row(String dataRowText, double score, int label) {
    return dataRowText + "," + score + "," + label;
  }

  /**
   * Writes {@code rows} (already formatted by {@link #row}) under the header, replacing the file.
   */
  public static void write(Path file, List<String> rows) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      // Written beside and moved, so that a reader never sees half a file.
      Path partial = Files.createTempFile(parent, "." + file.getFileName(), ".partial");
      try (BufferedWriter writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        writer.write(HEADER);
        writer.newLine();
        for (String row : rows) {
          writer.write(row);
          writer.newLine();
        }
      }
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The anomaly scores in {@code file}, checked against the data file it is the result of: same
   * number of rows, same timestamp and value text in the same order.
   *
   * @throws IllegalStateException if the results do not match the data file
   */
  public static double[] readScores(Path file, NabDataFile data) {
    double[] scores = new double[data.rowCount()];
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (!HEADER.equals(header)) {
        throw new IllegalStateException(
            file + ": expected the header '" + HEADER + "', found '" + header + "'");
      }
      int row = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine(), row++) {
        if (row >= scores.length) {
          throw new IllegalStateException(
              file + ": more rows than the " + scores.length + " of " + data.path());
        }
        String[] cells = line.split(",", -1);
        if (cells.length < 3
            || !cells[0].equals(data.timestampText(row))
            || !cells[1].equals(data.valueText(row))) {
          throw new IllegalStateException(
              file
                  + ", line "
                  + (row + 2)
                  + ": expected row "
                  + data.timestampText(row)
                  + ","
                  + data.valueText(row)
                  + " of "
                  + data.path()
                  + ", found '"
                  + line
                  + "'");
        }
        scores[row] = Double.parseDouble(cells[2]);
      }
      if (row != scores.length) {
        throw new IllegalStateException(
            file + ": " + row + " rows, but " + data.path() + " has " + scores.length);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return scores;
  }
}
