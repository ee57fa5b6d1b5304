package dev.streamml.pipelines.nab;

import java.nio.file.Path;

/**
 * A NAB data file that cannot be scored, with a message naming the file and, where there is one,
 * the line: {@code data/realKnownCause/x.csv, line 7: 'abc' is not a finite decimal number}.
 *
 * <pre>{@code
 * try {
 *   files.add(NabDataFile.read(path, name, windows));
 * } catch (NabFileException e) {
 *   System.err.println("skipped " + e.getMessage());
 * }
 * }</pre>
 */
public final class NabFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** A problem with the whole file. */
  public NabFileException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  /** A problem at line {@code line} (1-based, the header is line 1). */
  public NabFileException(Path file, int line, String problem) {
    super(file + ", line " + line + ": " + problem);
    this.file = file;
  }

  /** The file that cannot be scored. */
  public Path file() {
    return file;
  }
}
