package dev.streamml.sessions;

import dev.streamml.events.DeadLetter;
import dev.streamml.events.DeadLetterCoder;
import dev.streamml.events.EventParseException;
import dev.streamml.events.ParseEvents;
import dev.streamml.events.RawRecord;
import dev.streamml.events.TwoOutputs;
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
import org.joda.time.Duration;

/**
 * Parses access log lines ({@link RawRecord}s, one line each) into {@link LogRequest}s keyed by
 * host, each timestamped with the request's own time; every line that cannot be parsed becomes a
 * {@link DeadLetter} (original bytes, source, partition, offset, reason; stage {@value #STAGE}) on
 * the second output. Both are counted in the same metrics as {@link ParseEvents} ({@value
 * ParseEvents#METRICS_NAMESPACE} {@code /parsed} and {@code /dead_letters}), so progress figures
 * work for either. Nothing is dropped.
 *
 * <p>Windows are preserved. A request's time may be earlier than its record's timestamp; lateness
 * is judged by the windowing step downstream, not here.
 *
 * <pre>{@code
 * ParseAccessLog.Result parsed =
 *     lines.apply("ParseLog", ParseAccessLog.with(AccessLogFormat.AUTO));
 * PCollection<KV<String, LogRequest>> byHost = parsed.requests();
 * PCollection<DeadLetter> bad = parsed.deadLetters();
 * }</pre>
 */
public final class ParseAccessLog
    extends PTransform<PCollection<RawRecord>, ParseAccessLog.Result> {

  /** The stage name that dead letters of this transform carry. */
  public static final String STAGE = "parse";

  private static final TupleTag<KV<String, LogRequest>> REQUESTS =
      new TupleTag<KV<String, LogRequest>>() {};
  private static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<DeadLetter>() {};

  private final AccessLogParser parser;

  private ParseAccessLog(AccessLogParser parser) {
    this.parser = parser;
  }

  /** Parses lines of {@code format}. */
  public static ParseAccessLog with(AccessLogFormat format) {
    return new ParseAccessLog(AccessLogParser.of(format));
  }

  @Override
  public Result expand(PCollection<RawRecord> input) {
    PCollectionTuple outputs =
        input.apply(
            "ParseLines",
            ParDo.of(new ParseFn(parser)).withOutputTags(REQUESTS, TupleTagList.of(DEAD_LETTERS)));
    return new Result(
        outputs.get(REQUESTS).setCoder(KvCoder.of(StringUtf8Coder.of(), LogRequestCoder.of())),
        outputs.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of()));
  }

  /** The requests keyed by host, and the dead letters. */
  public static final class Result extends TwoOutputs<KV<String, LogRequest>, DeadLetter> {
    Result(PCollection<KV<String, LogRequest>> requests, PCollection<DeadLetter> deadLetters) {
      super(REQUESTS, requests, DEAD_LETTERS, deadLetters);
    }

    public PCollection<KV<String, LogRequest>> requests() {
      return first();
    }

    public PCollection<DeadLetter> deadLetters() {
      return second();
    }
  }

  private static final class ParseFn extends DoFn<RawRecord, KV<String, LogRequest>> {
    private final AccessLogParser parser;
    private final Counter parsed = Metrics.counter(ParseEvents.METRICS_NAMESPACE, "parsed");
    private final Counter deadLetters =
        Metrics.counter(ParseEvents.METRICS_NAMESPACE, "dead_letters");

    ParseFn(AccessLogParser parser) {
      this.parser = parser;
    }

    @ProcessElement
    public void processElement(@Element RawRecord record, MultiOutputReceiver out) {
      LogRequest request;
      try {
        request = parser.parse(record.getPayload());
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
      // Output outside the try: a runner may fuse the next step into output().
      out.get(REQUESTS)
          .outputWithTimestamp(KV.of(request.getHost(), request), request.getTimestamp());
    }

    // Request time may precede the record's timestamp; lateness is judged downstream.
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }
}
