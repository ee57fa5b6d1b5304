package dev.streamml.events;

import java.util.Objects;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Parses {@link RawRecord}s into {@link Event}s timestamped with their event time; every record
 * that cannot be parsed becomes a {@link DeadLetter} (original bytes, source, partition, offset and
 * the reason) on a second output. Both are counted in Beam metrics ({@value #METRICS_NAMESPACE}
 * {@code /parsed} and {@code /dead_letters}). Nothing is dropped.
 *
 * <p>Windows are preserved. Each event is output with its own event time, which may be earlier
 * than the record's timestamp: when event time comes from the payload, the source's watermark
 * policy should read the same field (as the Kafka pipelines do), and data that still arrives
 * behind the watermark is handled by the windowing step's late-data output.
 *
 * <pre>{@code
 * ParseEvents.Result parsed =
 *     rawRecords.apply("Parse", ParseEvents.with(EventFormat.json()));
 * PCollection<Event> events = parsed.events();
 * PCollection<DeadLetter> deadLetters = parsed.deadLetters();
 * }</pre>
 */
public final class ParseEvents extends PTransform<PCollection<RawRecord>, ParseEvents.Result> {

  public static final String METRICS_NAMESPACE = "streamml.events";
  /** The stage name that dead letters of this transform carry. */
  public static final String STAGE = "parse";

  private static final TupleTag<Event> EVENTS = new TupleTag<Event>() {};
  private static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<DeadLetter>() {};

  private final EventFormat format;

  private ParseEvents(EventFormat format) {
    this.format = Objects.requireNonNull(format, "format");
  }

  /** Parses records in this format. */
  public static ParseEvents with(EventFormat format) {
    return new ParseEvents(format);
  }

  @Override
  public Result expand(PCollection<RawRecord> input) {
    PCollectionTuple outputs =
        input.apply(
            "ParseRecords",
            ParDo.of(new ParseFn(EventParser.of(format)))
                .withOutputTags(EVENTS, TupleTagList.of(DEAD_LETTERS)));
    return new Result(
        outputs.get(EVENTS).setCoder(EventCoder.of()),
        outputs.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of()));
  }

  /** The parsed events and the dead letters. */
  public static final class Result extends TwoOutputs<Event, DeadLetter> {
    Result(PCollection<Event> events, PCollection<DeadLetter> deadLetters) {
      super(EVENTS, events, DEAD_LETTERS, deadLetters);
    }

    public PCollection<Event> events() {
      return first();
    }

    public PCollection<DeadLetter> deadLetters() {
      return second();
    }
  }

  private static final class ParseFn extends DoFn<RawRecord, Event> {
    private final EventParser parser;
    private final Counter parsed = Metrics.counter(METRICS_NAMESPACE, "parsed");
    private final Counter deadLetters = Metrics.counter(METRICS_NAMESPACE, "dead_letters");

    ParseFn(EventParser parser) {
      this.parser = parser;
    }

    @ProcessElement
    public void processElement(
        @Element RawRecord record, @Timestamp Instant elementTime, MultiOutputReceiver out) {
      Event event;
      try {
        event = parser.parse(record.getPayload(), record.getTimestamp());
      } catch (EventParseException | RuntimeException e) {
        String reason =
            e instanceof EventParseException
                ? e.getMessage()
                : "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage();
        deadLetters.inc();
        out.get(DEAD_LETTERS).output(DeadLetter.of(record, STAGE, reason));
        return;
      }
      parsed.inc();
      out.get(EVENTS).outputWithTimestamp(event, event.getTimestamp());
    }

    // Event time may precede the record's timestamp (payload time vs. broker time); lateness is
    // judged later against the watermark by the windowing step, not here.
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }
}
