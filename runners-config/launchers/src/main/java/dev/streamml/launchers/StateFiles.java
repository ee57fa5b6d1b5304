package dev.streamml.launchers;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The small {@code key=value} state files the launchers keep beside the processes they start
 * ({@code broker.properties}, {@code cluster.properties}): written whole, read as properties.
 *
 * <pre>{@code
 * StateFiles.write(dir.resolve("broker.properties"), "pid=4242\nbootstrap.servers=127.0.0.1:9092\n");
 * String servers = StateFiles.read(dir.resolve("broker.properties")).getProperty("bootstrap.servers");
 * }</pre>
 */
final class StateFiles {
  private StateFiles() {}

  /** Writes {@code text} to a sibling file, then renames it: a concurrent reader never sees half. */
  static void write(Path file, String text) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The file's {@code key=value} lines. */
  static Properties read(Path file) {
    Properties properties = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return properties;
  }
}
