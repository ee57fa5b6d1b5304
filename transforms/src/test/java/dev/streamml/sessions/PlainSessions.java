package dev.streamml.sessions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The independent reference for session tests: a plain sort of requests by host and time, cut
 * wherever a host's next request comes {@code gap} or more after its previous one (Beam's session
 * windows {@code [t, t + gap)} merge exactly when they overlap, i.e. when the next request is less
 * than {@code gap} after the previous). Reads the TSV rows with a split of its own, not with the
 * parser under test.
 */
final class PlainSessions {
  static final Path NASA = Path.of("../data/nasa-http");
  static final List<String> SAMPLES = List.of("nasa_19950701.tsv", "nasa_19950801.tsv");

  /** One row: host, time in ms, url, status, bytes. */
  static final class Row {
    final String host;
    final long millis;
    final String url;
    final int status;
    final long bytes;

    Row(String host, long millis, String url, int status, long bytes) {
      this.host = host;
      this.millis = millis;
      this.url = url;
      this.status = status;
      this.bytes = bytes;
    }
  }

  private PlainSessions() {}

  /** The data lines (header left out) of a bundled sample. */
  static List<String> lines(String sample) {
    try {
      List<String> lines = Files.readAllLines(NASA.resolve(sample), StandardCharsets.UTF_8);
      return new ArrayList<>(lines.subList(1, lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Row> rows(List<String> lines) {
    List<Row> rows = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split("\t");
      rows.add(
          new Row(
              f[0], Long.parseLong(f[2]) * 1000, f[4], Integer.parseInt(f[5]),
              Long.parseLong(f[6])));
    }
    return rows;
  }

  /**
   * The sessions, each as {@code host|first|last|requests|bytes|distinctUrls|errors|maxGapMs}
   * with times in ms: the same text {@link #describe(Session)} gives for a pipeline's session.
   */
  static List<String> sessions(List<Row> input, long gapMillis) {
    List<Row> rows = new ArrayList<>(input);
    rows.sort(Comparator.comparing((Row r) -> r.host).thenComparingLong(r -> r.millis));
    List<String> sessions = new ArrayList<>();
    List<Row> current = new ArrayList<>();
    for (Row row : rows) {
      if (!current.isEmpty()) {
        Row previous = current.get(current.size() - 1);
        if (!previous.host.equals(row.host) || row.millis - previous.millis >= gapMillis) {
          sessions.add(summary(current));
          current = new ArrayList<>();
        }
      }
      current.add(row);
    }
    if (!current.isEmpty()) {
      sessions.add(summary(current));
    }
    return sessions;
  }

  private static String summary(List<Row> session) {
    long bytes = 0;
    long errors = 0;
    long maxGap = 0;
    Set<String> urls = new HashSet<>();
    for (int i = 0; i < session.size(); i++) {
      Row row = session.get(i);
      bytes += row.bytes;
      errors += row.status >= 400 ? 1 : 0;
      urls.add(row.url);
      if (i > 0) {
        maxGap = Math.max(maxGap, row.millis - session.get(i - 1).millis);
      }
    }
    return String.join(
        "|",
        session.get(0).host,
        String.valueOf(session.get(0).millis),
        String.valueOf(session.get(session.size() - 1).millis),
        String.valueOf(session.size()),
        String.valueOf(bytes),
        String.valueOf(urls.size()),
        String.valueOf(errors),
        String.valueOf(maxGap));
  }

  /** The same text as {@link #sessions} gives, for a session pane. */
  static String describe(Session session) {
    SessionFeatures f = session.features();
    return String.join(
        "|",
        session.host(),
        String.valueOf(f.start().getMillis()),
        String.valueOf(f.end().getMillis()),
        String.valueOf(f.requests()),
        String.valueOf(f.bytes()),
        String.valueOf(f.distinctUrls()),
        String.valueOf(f.errors()),
        String.valueOf(f.maxGapMillis()));
  }
}
