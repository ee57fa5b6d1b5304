package dev.streamml.pipelines.kafka;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import dev.streamml.events.EventFormat;
import dev.streamml.events.EventParser;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.annotation.Nullable;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.io.kafka.TimestampPolicy.PartitionContext;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link BoundedOutOfOrdernessPolicy} with a fake wall clock and partition context. Every expected
 * watermark is worked out by hand from the 10 s bound and 5 s idle timeout.
 */
@RunWith(JUnit4.class)
public class BoundedOutOfOrdernessPolicyTest {

  private static final Duration BOUND = Duration.standardSeconds(10);
  private static final Duration IDLE = Duration.standardSeconds(5);

  /** Event times: 2024-03-01 10:00 and later. */
  private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

  /** Wall clock: later than every event time, as in a replay of old data. */
  private static final Instant NOW = Instant.parse("2024-03-01T12:00:00Z");

  private static final EventParser JSON = EventParser.of(EventFormat.json());

  private final AtomicLong clock = new AtomicLong(NOW.getMillis());
  private final FakeContext context = new FakeContext();

  @Test
  public void watermarkIsMinimumBeforeAnyRecord() {
    BoundedOutOfOrdernessPolicy policy = policy(JSON);

    assertEquals(BoundedWindow.TIMESTAMP_MIN_VALUE, policy.getWatermark(context));
  }

  @Test
  public void watermarkTrailsLargestEventTimeByTheBound() {
    BoundedOutOfOrdernessPolicy policy = policy(JSON);

    read(policy, T0.plus(seconds(30)));
    assertEquals(T0.plus(seconds(20)), policy.getWatermark(context));

    read(policy, T0.plus(seconds(45)));
    assertEquals(T0.plus(seconds(35)), policy.getWatermark(context));
  }

  @Test
  public void outOfOrderRecordKeepsItsTimeAndDoesNotMoveWatermarkBack() {
    BoundedOutOfOrdernessPolicy policy = policy(JSON);
    read(policy, T0.plus(seconds(45)));

    Instant stamped = read(policy, T0.plus(seconds(38)));

    assertEquals(T0.plus(seconds(38)), stamped);
    assertEquals(T0.plus(seconds(35)), policy.getWatermark(context));
  }

  @Test
  public void restoredWatermarkIsNotMovedBack() {
    BoundedOutOfOrdernessPolicy policy =
        new BoundedOutOfOrdernessPolicy(
            JSON, BOUND, IDLE, Optional.of(T0.plus(seconds(60))), clock::get);

    read(policy, T0.plus(seconds(30)));
    assertEquals(T0.plus(seconds(60)), policy.getWatermark(context));

    read(policy, T0.plus(seconds(75)));
    assertEquals(T0.plus(seconds(65)), policy.getWatermark(context));
  }

  @Test
  public void caughtUpPartitionSilentForIdleTimeoutFollowsCheckTime() {
    BoundedOutOfOrdernessPolicy policy = policy(JSON);
    read(policy, T0.plus(seconds(30)));
    context.caughtUp(NOW.plus(millis(4_999)));
    clock.set(NOW.plus(millis(4_999)).getMillis());
    assertEquals(
        "silent for less than the idle timeout",
        T0.plus(seconds(20)),
        policy.getWatermark(context));

    context.caughtUp(NOW.plus(seconds(5)));
    clock.set(NOW.plus(seconds(5)).getMillis());

    // check time 12:00:05 - 10 s bound
    assertEquals(Instant.parse("2024-03-01T11:59:55Z"), policy.getWatermark(context));
  }

  @Test
  public void idleAdvanceUsesBacklogCheckTimeNotTheClock() {
    BoundedOutOfOrdernessPolicy policy = policy(JSON);
    read(policy, T0.plus(seconds(30)));
    clock.set(NOW.plus(seconds(60)).getMillis());
    context.caughtUp(NOW.plus(seconds(40)));

    assertEquals(Instant.parse("2024-03-01T12:00:30Z"), policy.getWatermark(context));
  }

  @Test
  public void partitionWithoutRecordsIsIdleFromCreation() {
    BoundedOutOfOrdernessPolicy policy = policy(JSON);
    clock.set(NOW.plus(seconds(5)).getMillis());
    context.caughtUp(NOW.plus(seconds(5)));

    assertEquals(Instant.parse("2024-03-01T11:59:55Z"), policy.getWatermark(context));
  }

  @Test
  public void unknownBacklogDoesNotAdvance() {
    BoundedOutOfOrdernessPolicy policy = policy(JSON);
    read(policy, T0.plus(seconds(30)));
    clock.set(NOW.plus(seconds(60)).getMillis());
    context.backlog = -1;
    context.checkTime = NOW.plus(seconds(60));

    assertEquals(T0.plus(seconds(20)), policy.getWatermark(context));
  }

  @Test
  public void backlogLeftDoesNotAdvance() {
    BoundedOutOfOrdernessPolicy policy = policy(JSON);
    read(policy, T0.plus(seconds(30)));
    clock.set(NOW.plus(seconds(60)).getMillis());
    context.backlog = 3;
    context.checkTime = NOW.plus(seconds(60));

    assertEquals(T0.plus(seconds(20)), policy.getWatermark(context));
  }

  @Test
  public void recordAfterIdleAdvanceIsLateAndWatermarkStays() {
    BoundedOutOfOrdernessPolicy policy = policy(JSON);
    read(policy, T0.plus(seconds(30)));
    clock.set(NOW.plus(seconds(5)).getMillis());
    context.caughtUp(NOW.plus(seconds(5)));
    assertEquals(Instant.parse("2024-03-01T11:59:55Z"), policy.getWatermark(context));

    context.backlog = 1;
    Instant stamped = read(policy, T0.plus(seconds(50)));

    assertEquals(T0.plus(seconds(50)), stamped);
    assertEquals(Instant.parse("2024-03-01T11:59:55Z"), policy.getWatermark(context));
  }

  @Test
  public void newRecordEndsIdleness() {
    BoundedOutOfOrdernessPolicy policy = policy(JSON);
    clock.set(NOW.plus(seconds(5)).getMillis());
    read(policy, T0.plus(seconds(30)));
    context.caughtUp(NOW.plus(seconds(9)));
    clock.set(NOW.plus(seconds(9)).getMillis());

    // Last record 4 s ago: not idle, so the event-time bound holds.
    assertEquals(T0.plus(seconds(20)), policy.getWatermark(context));
  }

  @Test
  public void eventTimeComesFromPayloadField() {
    BoundedOutOfOrdernessPolicy policy = policy(JSON);
    byte[] payload = json("a", "2024-03-01T10:00:30Z", 1.5);

    Instant stamped = policy.getTimestampForRecord(context, record(NOW.getMillis(), payload));

    assertEquals(T0.plus(seconds(30)), stamped);
    assertEquals(T0.plus(seconds(20)), policy.getWatermark(context));
  }

  @Test
  public void eventTimeReadsEpochMillisInPayload() {
    BoundedOutOfOrdernessPolicy policy = policy(JSON);
    byte[] payload =
        ("{\"key\":\"a\",\"timestamp\":" + T0.plus(seconds(30)).getMillis() + ",\"value\":1}")
            .getBytes(StandardCharsets.UTF_8);

    assertEquals(
        T0.plus(seconds(30)),
        policy.getTimestampForRecord(context, record(NOW.getMillis(), payload)));
  }

  @Test
  public void withoutParserEventTimeIsRecordTimestamp() {
    BoundedOutOfOrdernessPolicy policy = policy(null);
    byte[] payload = json("a", "2024-03-01T10:00:30Z", 1.5);

    Instant stamped =
        policy.getTimestampForRecord(context, record(T0.plus(seconds(90)).getMillis(), payload));

    assertEquals(T0.plus(seconds(90)), stamped);
    assertEquals(T0.plus(seconds(80)), policy.getWatermark(context));
  }

  @Test
  public void formatWithoutTimestampFieldUsesRecordTimestamp() {
    BoundedOutOfOrdernessPolicy policy =
        policy(EventParser.of(EventFormat.json().withRecordTimestamp()));
    byte[] payload = json("a", "2024-03-01T10:00:30Z", 1.5);

    assertEquals(
        T0.plus(seconds(90)),
        policy.getTimestampForRecord(context, record(T0.plus(seconds(90)).getMillis(), payload)));
  }

  @Test
  public void unparseablePayloadFallsBackToRecordTimestamp() {
    BoundedOutOfOrdernessPolicy policy = policy(JSON);
    long recordTime = T0.plus(seconds(40)).getMillis();

    assertEquals(
        new Instant(recordTime),
        policy.getTimestampForRecord(context, record(recordTime, utf8("not json"))));
    assertEquals(
        new Instant(recordTime),
        policy.getTimestampForRecord(context, record(recordTime, new byte[0])));
    assertEquals(
        new Instant(recordTime), policy.getTimestampForRecord(context, record(recordTime, null)));
    assertEquals(T0.plus(seconds(30)), policy.getWatermark(context));
  }

  @Test
  public void eventTimeOutsideFormatBoundsFallsBackToRecordTimestamp() {
    BoundedOutOfOrdernessPolicy policy = policy(JSON);
    long recordTime = T0.plus(seconds(40)).getMillis();

    Instant stamped =
        policy.getTimestampForRecord(
            context, record(recordTime, json("a", "3000-01-01T00:00:00Z", 1.0)));

    // The year 3000 would otherwise drag the watermark a millennium ahead.
    assertEquals(new Instant(recordTime), stamped);
    assertEquals(T0.plus(seconds(30)), policy.getWatermark(context));
  }

  @Test
  public void zeroBoundPutsWatermarkAtLargestEventTime() {
    BoundedOutOfOrdernessPolicy policy =
        new BoundedOutOfOrdernessPolicy(JSON, Duration.ZERO, IDLE, Optional.empty(), clock::get);

    read(policy, T0.plus(seconds(30)));

    assertEquals(T0.plus(seconds(30)), policy.getWatermark(context));
  }

  @Test
  public void factoryRejectsNegativeBound() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BoundedOutOfOrdernessPolicy.factory(JSON, millis(-1), IDLE));
    assertThat(e.getMessage(), containsString("out-of-orderness"));
  }

  @Test
  public void factoryRejectsNonPositiveIdleTimeout() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BoundedOutOfOrdernessPolicy.factory(JSON, BOUND, Duration.ZERO));
    assertThat(e.getMessage(), containsString("idle timeout"));
  }

  private BoundedOutOfOrdernessPolicy policy(@Nullable EventParser parser) {
    return new BoundedOutOfOrdernessPolicy(parser, BOUND, IDLE, Optional.empty(), clock::get);
  }

  /** Reads a JSON event at {@code eventTime} whose Kafka timestamp is the wall clock. */
  private Instant read(BoundedOutOfOrdernessPolicy policy, Instant eventTime) {
    return policy.getTimestampForRecord(
        context, record(clock.get(), json("k", eventTime.toString(), 1.0)));
  }

  private static KafkaRecord<byte[], byte[]> record(long timestamp, @Nullable byte[] value) {
    return new KafkaRecord<>(
        "events",
        0,
        0L,
        timestamp,
        KafkaTimestampType.CREATE_TIME,
        new RecordHeaders(),
        utf8("k"),
        value);
  }

  private static byte[] json(String key, String timestamp, double value) {
    return utf8(
        "{\"key\":\"" + key + "\",\"timestamp\":\"" + timestamp + "\",\"value\":" + value + "}");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Duration seconds(long seconds) {
    return Duration.standardSeconds(seconds);
  }

  private static Duration millis(long millis) {
    return Duration.millis(millis);
  }

  /** A partition whose backlog and backlog check time the test sets. */
  private static final class FakeContext extends PartitionContext {
    long backlog = -1;
    Instant checkTime = NOW;

    void caughtUp(Instant at) {
      backlog = 0;
      checkTime = at;
    }

    @Override
    public long getMessageBacklog() {
      return backlog;
    }

    @Override
    public Instant getBacklogCheckTime() {
      return checkTime;
    }
  }
}
