package dev.streamml.pipelines.prequential;

import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import dev.streamml.online.beam.Prediction;
import dev.streamml.online.beam.PredictionCoder;
import dev.streamml.online.beam.PrequentialLearning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Prequential learning of labelled events as a Beam pipeline: {@code CreateEvents -> CountRowsRead
 * -> LearnPrequentially -> WritePredictionFiles}. {@code CountRowsRead} counts every row as it
 * enters ({@value #METRIC_NAMESPACE}/{@value #ROWS_READ}): predictions wait for the watermark,
 * which a bounded input on the Direct runner releases only at its end, so the rows read are what
 * moves while the job runs. Each key's predictions are written, in event-time
 * order, to {@code <out>/<key>.predictions.csv} with rows {@code id,predicted,actual,p1,version,value}
 * ({@code p1} the probability of class 1), for the driver to read back with {@link #read}. The
 * folder must be one the workers can write and the driver read: the local runners' file system.
 *
 * <pre>{@code
 * Pipeline pipeline = Pipeline.create(options);
 * PrequentialPipeline.build(pipeline, csv.events(), PrequentialLearning.of(model), out);
 * pipeline.run().waitUntilFinish();
 * List<ScoredRow> rows = PrequentialPipeline.read(out);
 * }</pre>
 */
public final class PrequentialPipeline {
  static final String SUFFIX = ".predictions.csv";

  /** Namespace of the rows-read counter: the prequential metrics' own. */
  public static final String METRIC_NAMESPACE = PrequentialLearning.METRIC_NAMESPACE;

  /** Counter of the rows that entered the pipeline, counted before any waiting. */
  public static final String ROWS_READ = "rows_read";

  private PrequentialPipeline() {}

  /**
   * One prediction read back: the event id, predicted and actual class (-1 for a regression),
   * P(class 1), and the predicted and actual values (a regressor's value and label; for a
   * classifier {@link Prediction#value()} and the class).
   */
  public record ScoredRow(
      String id,
      int predicted,
      int actual,
      double probabilityOfOne,
      double value,
      double actualValue) {
    /** A classifier's row. */
    public ScoredRow(String id, int predicted, int actual, double probabilityOfOne) {
      this(id, predicted, actual, probabilityOfOne, probabilityOfOne, actual);
    }
  }

  /** Adds the steps to {@code pipeline}; returns, per key written, its number of predictions. */
  public static PCollection<KV<String, Long>> build(
      Pipeline pipeline,
      List<TimestampedValue<Event>> events,
      PrequentialLearning learning,
      Path out) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("there is no event to learn from");
    }
    return pipeline
        .apply("CreateEvents", Create.timestamped(events).withCoder(EventCoder.of()))
        .apply("CountRowsRead", ParDo.of(new CountFn()))
        .setCoder(EventCoder.of())
        .apply("LearnPrequentially", learning)
        .apply("WritePredictionFiles", new WritePredictionFiles(out.toAbsolutePath().toString()));
  }

  /** Every prediction file under {@code out}, keys in name order, each in event-time order. */
  public static List<ScoredRow> read(Path out) throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(out)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    }
    List<ScoredRow> rows = new ArrayList<>();
    for (Path file : files) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] cells = line.split(",", -1);
        double actual = cells[2].isEmpty() ? Double.NaN : Double.parseDouble(cells[2]);
        int predicted = Integer.parseInt(cells[1]);
        rows.add(
            new ScoredRow(
                cells[0],
                predicted,
                predicted < 0 || Double.isNaN(actual) ? -1 : (int) actual,
                Double.parseDouble(cells[3]),
                Double.parseDouble(cells[5]),
                actual));
      }
    }
    return rows;
  }

  /** Groups the predictions by key and writes each key's in event-time order. */
  static final class WritePredictionFiles
      extends PTransform<PCollection<Prediction>, PCollection<KV<String, Long>>> {
    private final String out;

    WritePredictionFiles(String out) {
      this.out = out;
    }

    @Override
    public PCollection<KV<String, Long>> expand(PCollection<Prediction> predictions) {
      return predictions
          .apply(
              "KeyByKey",
              WithKeys.of((SerializableFunction<Prediction, String>) Prediction::key)
                  .withKeyType(TypeDescriptors.strings()))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), PredictionCoder.of()))
          .apply("GroupByKey", GroupByKey.create())
          .apply("WriteFile", ParDo.of(new WriteFileFn(out)))
          .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    }
  }

  /** Passes every event on and counts it: the progress that shows before predictions do. */
  private static final class CountFn extends DoFn<Event, Event> {
    private final Counter rowsRead = Metrics.counter(METRIC_NAMESPACE, ROWS_READ);

    @ProcessElement
    public void processElement(@Element Event event, OutputReceiver<Event> output) {
      rowsRead.inc();
      output.output(event);
    }
  }

  private static final class WriteFileFn
      extends DoFn<KV<String, Iterable<Prediction>>, KV<String, Long>> {
    private final String out;

    WriteFileFn(String out) {
      this.out = out;
    }

    @ProcessElement
    public void processElement(
        @Element KV<String, Iterable<Prediction>> key, OutputReceiver<KV<String, Long>> output) {
      List<Prediction> predictions = new ArrayList<>();
      key.getValue().forEach(predictions::add);
      predictions.sort(Comparator.comparing(Prediction::timestamp));
      List<String> lines = new ArrayList<>(predictions.size());
      for (Prediction p : predictions) {
        Double actual = p.actual();
        lines.add(
            String.format(
                Locale.ROOT,
                "%s,%d,%s,%s,%d,%s",
                p.id() == null ? "" : p.id(),
                p.predictedClass(),
                actual == null ? "" : Double.toString(actual),
                Double.toString(p.probabilityOf(1)),
                p.modelVersion(),
                Double.toString(p.value())));
      }
      Path file = Path.of(out).resolve(fileName(key.getKey()));
      try {
        Files.write(file, lines, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
      output.output(KV.of(key.getKey(), (long) lines.size()));
    }
  }

  /** A file name for any key: characters other than letters, digits, '.', '-' and '_' escaped. */
  static String fileName(String key) {
    StringBuilder name = new StringBuilder();
    for (char c : key.toCharArray()) {
      if (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_') {
        name.append(c);
      } else {
        name.append(String.format(Locale.ROOT, "%%%04x", (int) c));
      }
    }
    return name + SUFFIX;
  }
}
