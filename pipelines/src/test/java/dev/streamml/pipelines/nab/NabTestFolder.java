package dev.streamml.pipelines.nab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;

/**
 * A small folder in NAB's layout for tests: {@code data/<category>/<file>.csv} and {@code
 * labels/combined_windows.json}, written from text.
 *
 * <pre>{@code
 * NabTestFolder nab = NabTestFolder.in(temporaryFolder.newFolder("nab"))
 *     .file("catA/one.csv", NabTestFolder.series(80, row -> Math.sin(row)))
 *     .labels("{\"catA/one.csv\": [[\"2014-01-01 04:50:00.000000\","
 *         + " \"2014-01-01 05:20:00.000000\"]]}");
 * }</pre>
 */
public final class NabTestFolder {
  /** Row timestamps of {@link #series}: five minutes apart from 2014-01-01 00:00:00. */
  public static final LocalDateTime START = LocalDateTime.parse("2014-01-01T00:00:00");

  private static final DateTimeFormatter NAB = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final Path root;

  private NabTestFolder(Path root) {
    this.root = root;
  }

  public static NabTestFolder in(Path root) {
    return new NabTestFolder(root);
  }

  public Path root() {
    return root;
  }

  /** Writes {@code data/<name>} with {@code content}. */
  public NabTestFolder file(String name, String content) {
    write(root.resolve(NabDataSet.DATA).resolve(name), content);
    return this;
  }

  /** Writes the labels file. */
  public NabTestFolder labels(String json) {
    write(root.resolve(NabDataSet.LABELS), json);
    return this;
  }

  /** A NAB CSV of {@code rows} rows at {@link #timestamp}, values from {@code value}. */
  public static String series(int rows, IntToDoubleFunction value) {
    return series(rows, NabTestFolder::timestamp, value);
  }

  /** A NAB CSV of {@code rows} rows with the given timestamps and values. */
  public static String series(int rows, IntFunction<String> timestamp, IntToDoubleFunction value) {
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    for (int row = 0; row < rows; row++) {
      csv.append(timestamp.apply(row)).append(',').append(value.applyAsDouble(row)).append('\n');
    }
    return csv.toString();
  }

  /** The timestamp text of row {@code row} of {@link #series}: START plus 5 minutes a row. */
  public static String timestamp(int row) {
    return START.plusMinutes(5L * row).format(NAB);
  }

  /** A labels entry {@code "<name>": [[start, end], ...]} with NAB's ".000000" timestamps. */
  public static String labelsEntry(String name, List<String[]> windows) {
    StringBuilder json = new StringBuilder("\"" + name + "\": [");
    for (int i = 0; i < windows.size(); i++) {
      json.append(i == 0 ? "" : ", ")
          .append("[\"")
          .append(windows.get(i)[0])
          .append(".000000\", \"")
          .append(windows.get(i)[1])
          .append(".000000\"]");
    }
    return json.append("]").toString();
  }

  /** The bundled NAB data of the repository, from the module or the repository folder. */
  public static Path bundled() {
    for (Path candidate : List.of(Path.of("../data/nab"), Path.of("data/nab"))) {
      if (Files.isDirectory(candidate.resolve(NabDataSet.DATA))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "bundled NAB data not found from " + Path.of("").toAbsolutePath());
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
