package dev.streamml.docs;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * Every public top-level type of the library and the pipelines carries a usage example ({@code
 * <pre>}) in its javadoc, so {@code mvn javadoc:javadoc} gives a user something to copy.
 */
public class UsageExamplesTest {
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile(
          "^public (final |abstract |sealed )*(class|interface|enum|record|@interface) ",
          Pattern.MULTILINE);

  @Test
  public void everyPublicTypeHasAnExample() throws IOException {
    List<String> missing = new ArrayList<>();
    for (String root :
        new String[] {
          "src/main/java", "../transforms/src/main/java", "../runners-config/launchers/src/main/java"
        }) {
      try (Stream<Path> files = Files.walk(Path.of(root))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String text = Files.readString(file, StandardCharsets.UTF_8);
          Matcher m = PUBLIC_TYPE.matcher(text);
          if (m.find() && !text.substring(0, m.start()).contains("<pre>")) {
            missing.add(file.toString());
          }
        }
      }
    }
    assertEquals("public types without a <pre> usage example: " + missing, List.of(), missing);
  }
}
