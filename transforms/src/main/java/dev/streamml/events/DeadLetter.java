package dev.streamml.events;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.joda.time.Instant;

/**
 * A record that could not be processed: its original bytes, where it came from, which step failed
 * and why. Dead letters are never dropped: pipelines write them to their own topic or file.
 *
 * <pre>{@code
 * ParseEvents.Result parsed = raw.apply(ParseEvents.with(EventFormat.json()));
 * PCollection<DeadLetter> failures = parsed.deadLetters();
 * failures.apply(MapElements.into(strings()).via(d -> d.getStage() + ": " + d.getReason()));
 * }</pre>
 */
@DefaultCoder(DeadLetterCoder.class)
public final class DeadLetter implements Serializable {

  private final RawRecord record;
  private final String stage;
  private final String reason;

  private DeadLetter(RawRecord record, String stage, String reason) {
    this.record = Objects.requireNonNull(record, "record");
    this.stage = Objects.requireNonNull(stage, "stage");
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** A dead letter for {@code record}, failed in {@code stage} because of {@code reason}. */
  public static DeadLetter of(RawRecord record, String stage, String reason) {
    return new DeadLetter(record, stage, reason);
  }

  /** The record as it arrived, original bytes included. */
  public RawRecord getRecord() {
    return record;
  }

  public byte[] getPayload() {
    return record.getPayload();
  }

  /** The step that failed, such as {@code parse}. */
  public String getStage() {
    return stage;
  }

  /** Why it failed, in one line. */
  public String getReason() {
    return reason;
  }

  public Instant getTimestamp() {
    return record.getTimestamp();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof DeadLetter)) {
      return false;
    }
    DeadLetter that = (DeadLetter) other;
    return record.equals(that.record) && stage.equals(that.stage) && reason.equals(that.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(record, stage, reason);
  }

  @Override
  public String toString() {
    return "DeadLetter{stage=" + stage + ", reason=" + reason + ", record=" + record
        + ", payloadPrefix=" + Arrays.toString(Arrays.copyOf(record.getPayload(),
            Math.min(16, record.getPayload().length))) + "}";
  }
}
