package dev.streamml.pipelines.kafka;

import dev.streamml.events.EventParser;
import java.util.Optional;
import java.util.function.LongSupplier;
import javax.annotation.Nullable;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.TopicPartition;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * A Kafka partition's event-time policy: records are stamped with their event time (read from the
 * payload by an {@link EventParser}, or the Kafka record timestamp), and the watermark trails the
 * largest event time seen by a bounded out-of-orderness.
 *
 * <p>A partition that has been caught up (backlog 0) and silent for the idle timeout no longer
 * holds the watermark back: its watermark follows the wall clock minus the out-of-orderness bound,
 * as Flink's idleness does. Beam's {@code CustomTimestampPolicyWithLimitedDelay} lacks this (Beam
 * issue 20908), so one quiet partition stalls every window. The watermark never goes back; a record
 * that arrives after its partition was idle is late and is routed by the windowing step.
 *
 * <pre>{@code
 * KafkaIO.<byte[], byte[]>read()
 *     .withTimestampPolicyFactory(
 *         BoundedOutOfOrdernessPolicy.factory(
 *             EventParser.of(EventFormat.json()), Duration.standardSeconds(10),
 *             Duration.standardSeconds(5)));
 * }</pre>
 */
public final class BoundedOutOfOrdernessPolicy extends TimestampPolicy<byte[], byte[]> {

  private final @Nullable EventParser parser;
  private final Duration maxOutOfOrderness;
  private final Duration idleTimeout;
  private final LongSupplier clock;

  private Instant maxEventTime = BoundedWindow.TIMESTAMP_MIN_VALUE;
  private Instant watermark;
  private long lastRecordMillis;

  BoundedOutOfOrdernessPolicy(
      @Nullable EventParser parser,
      Duration maxOutOfOrderness,
      Duration idleTimeout,
      Optional<Instant> previousWatermark,
      LongSupplier clock) {
    this.parser = parser;
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.idleTimeout = idleTimeout;
    this.clock = clock;
    this.watermark = previousWatermark.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
    this.lastRecordMillis = clock.getAsLong();
  }

  /**
   * A factory for KafkaIO.
   *
   * @param parser reads event time from the payload; {@code null} uses the record timestamp
   */
  public static TimestampPolicyFactory<byte[], byte[]> factory(
      @Nullable EventParser parser, Duration maxOutOfOrderness, Duration idleTimeout) {
    if (maxOutOfOrderness.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException("max out-of-orderness must not be negative");
    }
    if (!idleTimeout.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException("idle timeout must be positive");
    }
    return new Factory(parser, maxOutOfOrderness, idleTimeout);
  }

  @Override
  public Instant getTimestampForRecord(
      PartitionContext context, KafkaRecord<byte[], byte[]> record) {
    Instant recordTime = new Instant(record.getTimestamp());
    byte[] payload = record.getKV().getValue();
    Instant eventTime =
        parser == null || payload == null
            ? recordTime
            : parser.eventTimeOrDefault(payload, recordTime);
    if (eventTime.isAfter(maxEventTime)) {
      maxEventTime = eventTime;
    }
    lastRecordMillis = clock.getAsLong();
    return eventTime;
  }

  @Override
  public Instant getWatermark(PartitionContext context) {
    Instant candidate =
        maxEventTime.equals(BoundedWindow.TIMESTAMP_MIN_VALUE)
            ? maxEventTime
            : maxEventTime.minus(maxOutOfOrderness);
    // An unknown backlog (-1) is not "caught up": the partition may still hold old data.
    boolean caughtUp = context.getMessageBacklog() == 0;
    boolean silent = clock.getAsLong() - lastRecordMillis >= idleTimeout.getMillis();
    if (caughtUp && silent) {
      Instant wallClockBound = context.getBacklogCheckTime().minus(maxOutOfOrderness);
      if (wallClockBound.isAfter(candidate)) {
        candidate = wallClockBound;
      }
    }
    if (candidate.isAfter(watermark)) {
      watermark = candidate;
    }
    return watermark;
  }

  private static final class Factory implements TimestampPolicyFactory<byte[], byte[]> {
    private final @Nullable EventParser parser;
    private final Duration maxOutOfOrderness;
    private final Duration idleTimeout;

    Factory(@Nullable EventParser parser, Duration maxOutOfOrderness, Duration idleTimeout) {
      this.parser = parser;
      this.maxOutOfOrderness = maxOutOfOrderness;
      this.idleTimeout = idleTimeout;
    }

    @Override
    public TimestampPolicy<byte[], byte[]> createTimestampPolicy(
        TopicPartition partition, Optional<Instant> previousWatermark) {
      return new BoundedOutOfOrdernessPolicy(
          parser, maxOutOfOrderness, idleTimeout, previousWatermark, System::currentTimeMillis);
    }
  }
}
