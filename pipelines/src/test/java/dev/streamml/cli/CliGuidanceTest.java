package dev.streamml.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.streamml.pipelines.nab.NabTestFolder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What the command line tells a user: every command listed with one line, every command's help
 * with its options, their defaults and an example, typos answered with the nearest option, the
 * three exit codes, and a completion script. Nothing here starts a broker or a pipeline.
 */
public class CliGuidanceTest {
  @Rule public final TemporaryFolder temporary = new TemporaryFolder();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @Before
  public void capture() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @After
  public void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private static Map<String, CommandLine> commands() {
    return new CommandLine(new StreammlCli()).getSubcommands();
  }

  @Test
  public void rootHelpListsEveryCommandWithADescription() {
    assertEquals(0, StreammlCli.execute("--help"));
    String help = stdout();
    for (Map.Entry<String, CommandLine> command : commands().entrySet()) {
      assertThat(help, containsString("  " + command.getKey() + " "));
      if (command.getKey().equals("help")) {
        continue; // picocli's own
      }
      String firstLine = command.getValue().getCommandSpec().usageMessage().description()[0];
      // The first words of the command's description follow its name.
      assertThat(help, containsString(firstLine.split(" ")[0]));
    }
    assertTrue(commands().containsKey("completion"));
  }

  @Test
  public void everyCommandHelpShowsItsOptionsDefaultsAndAnExample() {
    for (Map.Entry<String, CommandLine> command : commands().entrySet()) {
      if (command.getKey().equals("help")) {
        continue;
      }
      out.reset();
      assertEquals(command.getKey(), 0, StreammlCli.execute(command.getKey(), "--help"));
      String help = stdout();
      assertThat(command.getKey(), help, containsString("Example"));
      assertThat(help, containsString("./streamml " + command.getKey()));
      for (OptionSpec option : command.getValue().getCommandSpec().options()) {
        assertThat(command.getKey() + " " + option.longestName(), help,
            containsString(option.longestName()));
        String defaultValue = option.defaultValue();
        if (defaultValue != null && !defaultValue.isEmpty()) {
          assertThat(
              command.getKey() + " " + option.longestName() + " shows its default",
              help,
              containsString(defaultValue));
        }
      }
    }
  }

  @Test
  public void typoOfAPicocliOnlyCommandSuggestsTheNearestOption() {
    assertEquals(2, StreammlCli.execute("kafka", "status", "--dri=state"));
    assertThat(stderr(), containsString("Unknown option: '--dri=state'"));
    assertThat(stderr(), containsString("--dir"));
  }

  @Test
  public void typoOfACommandThatPassesOptionsToBeamSuggestsTheNearestOption() {
    assertEquals(
        2, StreammlCli.execute("prequential", "--csv", "x.csv", "--label", "y", "--reprt=r.html"));
    assertThat(stderr(), containsString("unknown option '--reprt'; did you mean --report?"));
    err.reset();
    assertEquals(2, StreammlCli.execute("nab", "--out", "x", "--detectr=zscore"));
    assertThat(stderr(), containsString("did you mean --detector?"));
  }

  @Test
  public void exitCodesZeroTwoAndOne() throws Exception {
    assertEquals(0, StreammlCli.execute("nab", "--help"));
    assertEquals(2, StreammlCli.execute("nab", "--out"));
    // A folder whose only file cannot be read: nothing to score is a failure while running (1).
    NabTestFolder nab =
        NabTestFolder.in(temporary.newFolder("nab").toPath())
            .file("catA/bad.csv", "timestamp,value\nnot a time,1\n")
            .labels("{}");
    err.reset();
    int exit =
        StreammlCli.execute(
            "nab", "--data", nab.root().toString(), "--out", temporary.getRoot() + "/out");
    assertEquals(stderr(), 1, exit);
    assertThat(stderr(), containsString("could be scored"));
  }

  @Test
  public void completionScriptCoversEveryCommandAndOption() throws Exception {
    assertEquals(0, StreammlCli.execute("completion"));
    String script = stdout();
    assertThat(script, containsString("complete -F"));
    for (Map.Entry<String, CommandLine> command : commands().entrySet()) {
      assertThat(script, containsString(command.getKey()));
      for (OptionSpec option : command.getValue().getCommandSpec().options()) {
        assertThat(script, containsString(option.longestName()));
      }
    }
    // It is valid bash.
    Path file = temporary.newFile("streamml_completion").toPath();
    Files.writeString(file, script);
    Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(output, 0, bash.waitFor());
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
