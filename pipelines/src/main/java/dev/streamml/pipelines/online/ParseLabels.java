package dev.streamml.pipelines.online;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamml.events.DeadLetter;
import dev.streamml.events.DeadLetterCoder;
import dev.streamml.events.RawRecord;
import dev.streamml.events.TwoOutputs;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Label records, JSON objects {@code {"id": "<event id>", "label": <number>}}, to {@code (id,
 * label)} pairs at the record's timestamp (the time the label was revealed); anything else is a
 * dead letter with its original bytes and the reason, counted in {@code streamml.labels/
 * dead_letters}.
 *
 * <pre>{@code
 * ParseLabels.Result labels = labelRecords.apply(ParseLabels.create());
 * events.apply(JoinLabels.within(Duration.standardHours(1)).withLabels(labels.labels()));
 * }</pre>
 */
public final class ParseLabels extends PTransform<PCollection<RawRecord>, ParseLabels.Result> {
  /** The stage named in dead letters of this step. */
  public static final String STAGE = "parse-label";

  private static final TupleTag<KV<String, Double>> LABELS = new TupleTag<>() {};
  private static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};

  private ParseLabels() {}

  public static ParseLabels create() {
    return new ParseLabels();
  }

  @Override
  public Result expand(PCollection<RawRecord> records) {
    PCollectionTuple outputs =
        records.apply(
            "ParseLabelJson",
            ParDo.of(new ParseFn()).withOutputTags(LABELS, TupleTagList.of(DEAD_LETTERS)));
    return new Result(
        outputs.get(LABELS).setCoder(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of())),
        outputs.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of()));
  }

  /** The labels by event id, and the records that were not labels. */
  public static final class Result extends TwoOutputs<KV<String, Double>, DeadLetter> {
    Result(PCollection<KV<String, Double>> labels, PCollection<DeadLetter> deadLetters) {
      super(LABELS, labels, DEAD_LETTERS, deadLetters);
    }

    public PCollection<KV<String, Double>> labels() {
      return first();
    }

    public PCollection<DeadLetter> deadLetters() {
      return second();
    }
  }

  private static final class ParseFn extends DoFn<RawRecord, KV<String, Double>> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Counter deadLetters = Metrics.counter("streamml.labels", "dead_letters");

    @ProcessElement
    public void processElement(@Element RawRecord record, MultiOutputReceiver out) {
      String reason = null;
      KV<String, Double> label = null;
      try {
        JsonNode json = MAPPER.readTree(new String(record.getPayload(), StandardCharsets.UTF_8));
        JsonNode id = json == null ? null : json.get("id");
        JsonNode value = json == null ? null : json.get("label");
        if (json == null || !json.isObject()) {
          reason = "a label record should be a JSON object {\"id\": ..., \"label\": number}";
        } else if (id == null || id.isNull() || id.isContainerNode() || id.asText().isEmpty()) {
          reason = "missing field 'id' (the event id the label is for)";
        } else if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
          reason = "field 'label' should be a finite number, found " + value;
        } else {
          label = KV.of(id.asText(), value.asDouble());
        }
      } catch (Exception e) {
        reason = "not JSON: " + e.getMessage().split("\n", 2)[0];
      }
      if (label != null) {
        out.get(LABELS).output(label);
      } else {
        deadLetters.inc();
        out.get(DEAD_LETTERS).output(DeadLetter.of(record, STAGE, reason));
      }
    }
  }
}
