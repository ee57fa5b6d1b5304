package dev.streamml.pipelines.nab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A folder in NAB's layout, read and checked in the driver: every {@code *.csv} under {@code data/}
 * (any categories, any depth) and the labelled windows of {@code labels/combined_windows.json}.
 *
 * <p>A file that cannot be scored (not {@code timestamp,value}, empty, a bad row, labels that do
 * not fit its rows) is left out with a {@linkplain #problems() message} naming the file and line;
 * the others are kept. A file the labels do not mention is kept without windows, with a {@linkplain
 * #notes() note}; labels of files that are not there are ignored.
 *
 * <pre>{@code
 * NabDataSet data = NabDataSet.load(Path.of("data/nab"));
 * data.problems().forEach(System.err::println);
 * for (NabDataFile file : data.files()) { ... }
 * }</pre>
 */
public final class NabDataSet {

  /** Where the series are, under the root. */
  public static final String DATA = "data";

  /** Where the labelled windows are, under the root. */
  public static final String LABELS = "labels/combined_windows.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;
  private final List<NabDataFile> files;
  private final List<String> problems;
  private final List<String> notes;

  private NabDataSet(
      Path root, List<NabDataFile> files, List<String> problems, List<String> notes) {
    this.root = root;
    this.files = List.copyOf(files);
    this.problems = List.copyOf(problems);
    this.notes = List.copyOf(notes);
  }

  /**
   * Reads the data set under {@code root}.
   *
   * @throws IllegalArgumentException if {@code root} has no {@code data/} folder with CSV files, or
   *     its labels file is missing or is not NAB's {@code {"<category>/<file>.csv": [[start, end],
   *     ...]}}
   */
  public static NabDataSet load(Path root) {
    Path dataFolder = root.resolve(DATA);
    if (!Files.isDirectory(dataFolder)) {
      throw new IllegalArgumentException(
          "no folder " + dataFolder + ": a NAB folder holds data/<category>/*.csv and " + LABELS);
    }
    Map<String, List<List<String>>> labels = readLabels(root.resolve(LABELS));
    List<Path> csvFiles;
    try (Stream<Path> walk = Files.walk(dataFolder)) {
      csvFiles =
          walk.filter(path -> path.getFileName().toString().endsWith(".csv"))
              .filter(Files::isRegularFile)
              .sorted()
              .collect(Collectors.toList());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list " + dataFolder + ": " + e.getMessage(), e);
    }
    if (csvFiles.isEmpty()) {
      throw new IllegalArgumentException("no .csv files under " + dataFolder);
    }
    List<NabDataFile> files = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Path csv : csvFiles) {
      String name = nameOf(dataFolder, csv);
      List<List<String>> windows = labels.get(name);
      if (windows == null) {
        notes.add(
            name + " has no entry in " + LABELS + ": scored as a series without anomaly windows");
        windows = List.of();
      }
      try {
        files.add(NabDataFile.read(csv, name, windows));
      } catch (NabFileException e) {
        problems.add(e.getMessage());
      }
    }
    return new NabDataSet(root, files, problems, notes);
  }

  /**
   * Reads one data file. If it lies in a NAB folder ({@code <root>/data/.../<file>.csv} beside
   * {@code <root>/labels/combined_windows.json}) its labelled windows come with it; otherwise it
   * has none, and its name is its file name.
   *
   * @throws NabFileException if the file cannot be scored
   * @throws IllegalArgumentException if the labels file is not NAB's
   */
  public static NabDataFile loadFile(Path csv) {
    Path absolute = csv.toAbsolutePath().normalize();
    for (Path folder = absolute.getParent(); folder != null; folder = folder.getParent()) {
      Path root = folder.getParent();
      if (folder.getFileName() != null
          && folder.getFileName().toString().equals(DATA)
          && root != null
          && Files.isRegularFile(root.resolve(LABELS))) {
        String name = nameOf(folder, absolute);
        return NabDataFile.read(
            csv, name, readLabels(root.resolve(LABELS)).getOrDefault(name, List.of()));
      }
    }
    return NabDataFile.read(csv, absolute.getFileName().toString(), List.of());
  }

  /** NAB's name of a data file: its path under data/, separated by '/' on every platform. */
  private static String nameOf(Path dataFolder, Path csv) {
    List<String> parts = new ArrayList<>();
    for (Path part : dataFolder.relativize(csv)) {
      parts.add(part.toString());
    }
    return String.join("/", parts);
  }

  private static Map<String, List<List<String>>> readLabels(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "no labels file " + file + " (NAB's combined_windows.json)");
    }
    JsonNode json;
    try {
      json = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(
          file + " should be an object {\"<category>/<file>.csv\": [[start, end], ...]}");
    }
    Map<String, List<List<String>>> labels = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      labels.put(entry.getKey(), windows(file, entry.getKey(), entry.getValue()));
    }
    return labels;
  }

  private static List<List<String>> windows(Path file, String name, JsonNode value) {
    String expected = file + ": the labels of " + name + " should be [[start, end], ...]";
    if (!value.isArray()) {
      throw new IllegalArgumentException(expected + ", found " + value);
    }
    List<List<String>> windows = new ArrayList<>();
    for (JsonNode window : value) {
      if (!window.isArray()
          || window.size() != 2
          || !window.get(0).isTextual()
          || !window.get(1).isTextual()) {
        throw new IllegalArgumentException(expected + ", found " + window);
      }
      windows.add(List.of(window.get(0).asText(), window.get(1).asText()));
    }
    return windows;
  }

  /** The folder read. */
  public Path root() {
    return root;
  }

  /** The files that can be scored, in name order. */
  public List<NabDataFile> files() {
    return files;
  }

  /** One message per file left out, naming the file and, for a bad row, the line. */
  public List<String> problems() {
    return problems;
  }

  /** Remarks on files kept, such as a file the labels do not mention. */
  public List<String> notes() {
    return notes;
  }

  /** Rows over all files kept. */
  public long rowCount() {
    return files.stream().mapToLong(NabDataFile::rowCount).sum();
  }
}
