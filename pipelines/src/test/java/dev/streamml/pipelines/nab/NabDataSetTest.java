package dev.streamml.pipelines.nab;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.streamml.eval.nab.NabWindow;
import dev.streamml.events.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Reading and checking NAB folders and files in the driver: no Beam pipeline here. */
public class NabDataSetTest {
  @Rule public final TemporaryFolder temporary = new TemporaryFolder();

  private static final String GOOD = NabTestFolder.series(10, row -> row * 1.5);

  private NabTestFolder nab() throws Exception {
    return NabTestFolder.in(temporary.newFolder("nab").toPath());
  }

  @Test
  public void readsEveryCategoryInNameOrderWithLabelsAndIgnoresLabelsOfMissingFiles()
      throws Exception {
    NabTestFolder nab =
        nab()
            .file("b/two.csv", GOOD)
            .file("a/one.csv", GOOD)
            .file("a/deeper/three.csv", GOOD)
            .labels(
                "{"
                    + NabTestFolder.labelsEntry(
                        "a/one.csv",
                        List.<String[]>of(
                            new String[] {NabTestFolder.timestamp(2), NabTestFolder.timestamp(4)}))
                    + ", \"b/two.csv\": [], \"a/deeper/three.csv\": [], \"z/absent.csv\": []}");

    NabDataSet data = NabDataSet.load(nab.root());

    assertEquals(List.of(), data.problems());
    assertEquals(List.of(), data.notes());
    assertEquals(
        List.of("a/deeper/three.csv", "a/one.csv", "b/two.csv"),
        data.files().stream().map(NabDataFile::name).toList());
    NabDataFile one = data.files().get(1);
    assertEquals("a", one.category());
    assertEquals("one.csv", one.fileName());
    assertEquals("a/deeper", data.files().get(0).category());
    assertEquals(
        List.of(
            NabWindow.of(
                NabDataFile.parseTimestamp(NabTestFolder.timestamp(2)),
                NabDataFile.parseTimestamp(NabTestFolder.timestamp(4)))),
        one.windows());
    assertEquals(
        List.of(0, 0, 1, 1, 1, 0),
        List.of(
            one.label(0), one.label(1), one.label(2), one.label(3), one.label(4), one.label(5)));
    assertEquals(30, data.rowCount());
  }

  @Test
  public void eachRowIsAnEventOneSecondAfterThePreviousCarryingItsText() throws Exception {
    String csv =
        "timestamp,value\n"
            + "2014-01-01 01:00:00,3\n"
            + "2014-01-01 01:00:00,4.5\n"
            + "2014-01-01 00:55:00,-2e1\n";
    NabDataSet data = NabDataSet.load(nab().file("c/f.csv", csv).labels("{}").root());

    List<TimestampedValue<Event>> events = data.files().get(0).events();

    assertEquals(3, events.size());
    for (int row = 0; row < 3; row++) {
      Event event = events.get(row).getValue();
      assertEquals(new Instant(row * 1000L), events.get(row).getTimestamp());
      assertEquals(new Instant(row * 1000L), event.getTimestamp());
      assertEquals("c/f.csv", event.getKey());
      assertEquals(row, NabDataFile.rowOf(event.getId()));
    }
    assertEquals("0,2014-01-01 01:00:00,3", events.get(0).getValue().getId());
    assertEquals("2014-01-01 00:55:00,-2e1", NabDataFile.rowText(events.get(2).getValue().getId()));
    assertEquals(-20.0, events.get(2).getValue().value(), 0.0);
    assertEquals(0.0, events.get(2).getValue().getLabel(), 0.0);
  }

  @Test
  public void aBadFileIsLeftOutWithItsFileAndLineAndTheOthersAreKept() throws Exception {
    NabTestFolder nab =
        nab()
            .file("a/good.csv", GOOD)
            .file(
                "a/bad_value.csv",
                "timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,abc\n")
            .file("a/nan.csv", "timestamp,value\n2014-01-01 00:00:00,NaN\n")
            .file(
                "a/bad_time.csv",
                "timestamp,value\n2014-01-01 00:00:00,1\n\n2014-02-30 00:00:00,2\n")
            .file("a/cells.csv", "timestamp,value\n2014-01-01 00:00:00,1,2\n")
            .file("a/header.csv", "time,value\n2014-01-01 00:00:00,1\n")
            .file("a/empty.csv", "")
            .file("a/only_header.csv", "timestamp,value\n")
            .file("a/window.csv", "timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,2\n")
            .labels(
                "{\"a/window.csv\": [[\"2014-01-01 00:01:00.000000\", \"2014-01-01"
                    + " 00:05:00.000000\"]]}");

    NabDataSet data = NabDataSet.load(nab.root());

    assertEquals(List.of("a/good.csv"), data.files().stream().map(NabDataFile::name).toList());
    List<String> problems = data.problems();
    assertThat(problems, hasSize(8));
    Path dataFolder = nab.root().resolve("data").resolve("a");
    assertProblem(
        problems,
        dataFolder.resolve("bad_value.csv") + ", line 3: 'abc' is not a finite decimal number");
    assertProblem(
        problems, dataFolder.resolve("nan.csv") + ", line 2: 'NaN' is not a finite decimal number");
    assertProblem(
        problems,
        dataFolder.resolve("bad_time.csv") + ", line 4: '2014-02-30 00:00:00' is not a timestamp");
    assertProblem(
        problems,
        dataFolder.resolve("cells.csv") + ", line 2: expected 2 cells (timestamp,value), found 3");
    assertProblem(
        problems,
        dataFolder.resolve("header.csv")
            + ", line 1: expected the header 'timestamp,value', found 'time,value'");
    assertProblem(problems, dataFolder.resolve("empty.csv") + ": the file is empty");
    assertProblem(problems, dataFolder.resolve("only_header.csv") + ": no data rows");
    assertProblem(
        problems, dataFolder.resolve("window.csv") + ": its labelled windows do not fit its rows");
    // Files the labels do not mention are scored without windows, with a note.
    assertThat(
        data.notes().toString(),
        containsString("a/good.csv has no entry in labels/combined_windows.json"));
  }

  @Test
  public void aFolderWithoutDataOrLabelsIsRefusedAsAWhole() throws Exception {
    Path empty = temporary.newFolder("empty").toPath();
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> NabDataSet.load(empty)).getMessage(),
        containsString("no folder " + empty.resolve("data")));
    NabTestFolder noLabels =
        NabTestFolder.in(temporary.newFolder("nolabels").toPath()).file("a/x.csv", GOOD);
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> NabDataSet.load(noLabels.root()))
            .getMessage(),
        containsString("no labels file"));
    NabTestFolder badLabels =
        NabTestFolder.in(temporary.newFolder("badlabels").toPath())
            .file("a/x.csv", GOOD)
            .labels("{\"a/x.csv\": [\"x\"]}");
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> NabDataSet.load(badLabels.root()))
            .getMessage(),
        containsString("the labels of a/x.csv should be [[start, end], ...]"));
    NabTestFolder noCsv = NabTestFolder.in(temporary.newFolder("nocsv").toPath()).labels("{}");
    Files.createDirectories(noCsv.root().resolve("data"));
    assertThat(
        assertThrows(IllegalArgumentException.class, () -> NabDataSet.load(noCsv.root()))
            .getMessage(),
        containsString("no .csv files under"));
  }

  @Test
  public void aByteOrderMarkFractionalSecondsAndBlankLinesAreAccepted() throws Exception {
    String csv =
        "\uFEFFtimestamp,value\r\n2014-01-01 00:00:00.000000,1\r\n\r\n2014-01-01 00:05:00.5,2\r\n";
    NabDataSet data = NabDataSet.load(nab().file("a/x.csv", csv).labels("{}").root());

    NabDataFile file = data.files().get(0);
    assertEquals(2, file.rowCount());
    assertArrayEquals(
        new long[] {
          NabDataFile.parseTimestamp("2014-01-01 00:00:00"),
          NabDataFile.parseTimestamp("2014-01-01 00:05:00") + 500
        },
        file.timestamps());
    assertEquals("2014-01-01 00:00:00.000000", file.timestampText(0));
  }

  @Test
  public void oneFileTakesItsLabelsFromTheNabFolderItIsIn() throws Exception {
    Path bundled = NabTestFolder.bundled();
    NabDataFile file =
        NabDataSet.loadFile(
            bundled.resolve("data/realKnownCause/machine_temperature_system_failure.csv"));
    assertEquals("realKnownCause/machine_temperature_system_failure.csv", file.name());
    assertEquals(22695, file.rowCount());
    assertEquals(4, file.windows().size());

    Path alone = temporary.newFile("alone.csv").toPath();
    Files.writeString(alone, GOOD);
    NabDataFile single = NabDataSet.loadFile(alone);
    assertEquals("alone.csv", single.name());
    assertTrue(single.windows().isEmpty());
  }

  private static void assertProblem(List<String> problems, String expected) {
    assertTrue(
        "no problem starts with: " + expected + "\nproblems: " + problems,
        problems.stream().anyMatch(problem -> problem.startsWith(expected)));
  }
}
