package dev.streamml.pipelines.runners;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Flink configuration folder streamml passes as {@code --flinkConfDir}: its packaged {@code
 * runners/flink-conf.yaml} (from {@code runners-config/runners/}) copied to a folder of the
 * temporary directory, because Beam's Flink runner reads configuration from a folder, not from the
 * classpath. The folder is named after the file's content, so every run with the same file shares
 * one, and an edited file gets a new one.
 *
 * <pre>{@code
 * String dir = FlinkConfDir.materialized().toString();
 * // e.g. /tmp/streamml-flink-conf-3f9a1c2b7d40/flink-conf.yaml
 * }</pre>
 */
public final class FlinkConfDir {

  static final String RESOURCE = "/runners/flink-conf.yaml";
  static final String FILE_NAME = "flink-conf.yaml";

  private FlinkConfDir() {}

  /** The folder holding the packaged configuration, written on first use. */
  public static Path materialized() {
    return materializedUnder(Path.of(System.getProperty("java.io.tmpdir")));
  }

  static Path materializedUnder(Path parent) {
    byte[] content = packagedContent();
    Path dir = parent.resolve("streamml-flink-conf-" + shortHash(content));
    Path file = dir.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        return dir;
      }
      Files.createDirectories(dir);
      // Written aside then moved, so a concurrent run never reads half a file.
      Path partial = Files.createTempFile(dir, FILE_NAME, ".partial");
      Files.write(partial, content);
      try {
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Flink configuration to " + dir, e);
    }
  }

  static byte[] packagedContent() {
    try (InputStream in = FlinkConfDir.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String shortHash(byte[] content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
