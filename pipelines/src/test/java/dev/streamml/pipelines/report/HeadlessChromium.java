package dev.streamml.pipelines.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} run headless on a local file: the DOM after the page's scripts ran,
 * and a screenshot. Flags as on this project's machines: no sandbox (root), no GPU, and no
 * background networking (the machine has no network; Chromium would keep trying).
 *
 * <pre>{@code
 * HeadlessChromium chromium = HeadlessChromium.find();
 * String dom = chromium.dumpDom(report, temporaryFolder);
 * chromium.screenshot(report, Path.of("target/report.png"), temporaryFolder);
 * }</pre>
 */
public final class HeadlessChromium {
  private static final long TIMEOUT_SECONDS = 60;
  private final Path executable;

  private HeadlessChromium(Path executable) {
    this.executable = executable;
  }

  /**
   * Chromium from {@code STREAMML_CHROMIUM}, else {@code /usr/bin/chromium}.
   *
   * @throws IllegalStateException naming the install command when there is none
   */
  public static HeadlessChromium find() {
    String configured = System.getenv("STREAMML_CHROMIUM");
    Path path = Path.of(configured != null ? configured : "/usr/bin/chromium");
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException(
          "no Chromium at "
              + path
              + ": install Debian's package (apt-get install -y chromium; .ci/run does) or set"
              + " STREAMML_CHROMIUM");
    }
    return new HeadlessChromium(path);
  }

  /** The serialized DOM of {@code page} once loaded and its scripts have run. */
  public String dumpDom(Path page, Path scratch) throws IOException, InterruptedException {
    return run(scratch, "--dump-dom", page.toUri().toString());
  }

  /** Writes a PNG screenshot of {@code page} ({@code width} x {@code height} pixels). */
  public void screenshot(Path page, Path png, int width, int height, Path scratch)
      throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    run(
        scratch,
        "--screenshot=" + png.toAbsolutePath(),
        "--window-size=" + width + "," + height,
        "--hide-scrollbars",
        page.toUri().toString());
  }

  private String run(Path scratch, String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(scratch, "chromium-profile-");
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    File stderr = scratch.resolve("chromium-stderr-" + System.nanoTime() + ".txt").toFile();
    Process process =
        new ProcessBuilder(command)
            .redirectError(stderr)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("chromium did not finish within " + TIMEOUT_SECONDS + " s");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "chromium exited "
              + process.exitValue()
              + ": "
              + Files.readString(stderr.toPath(), StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
