package dev.streamml.anomaly;

import dev.streamml.events.Event;
import dev.streamml.events.EventCoder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.util.VarInt;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Instant;

/**
 * The explicit, deterministic coder of {@link AnomalyResult}: the event with {@link EventCoder},
 * the timestamp in millis, score, label code, threshold, detector id, model version, the member
 * scores in order, then a flags byte (bit 0: late).
 *
 * <pre>{@code
 * PCollection<AnomalyResult> copy =
 *     results.apply(ParDo.of(new RelabelFn())).setCoder(AnomalyResultCoder.of());
 * }</pre>
 */
public final class AnomalyResultCoder extends CustomCoder<AnomalyResult> {
  private static final AnomalyResultCoder INSTANCE = new AnomalyResultCoder();
  private static final EventCoder EVENT = EventCoder.of();
  private static final StringUtf8Coder STRING = StringUtf8Coder.of();
  private static final int LATE = 1;

  private AnomalyResultCoder() {}

  public static AnomalyResultCoder of() {
    return INSTANCE;
  }

  /**
   * What {@code @DefaultCoder(AnomalyResultCoder.class)} on {@link AnomalyResult} calls: without it
   * Beam's default-coder lookup fails for the type.
   */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(AnomalyResult.class), INSTANCE);
  }

  @Override
  public void encode(AnomalyResult result, OutputStream out) throws IOException {
    EVENT.encode(result.event(), out);
    DataOutputStream data = new DataOutputStream(out);
    data.writeLong(result.timestamp().getMillis());
    data.writeDouble(result.score());
    data.writeByte(result.label().code());
    data.writeDouble(result.threshold());
    data.flush();
    STRING.encode(result.detectorId(), out);
    VarInt.encode(result.modelVersion(), out);
    Map<String, Double> members = result.memberScores();
    VarInt.encode(members.size(), out);
    for (Map.Entry<String, Double> member : members.entrySet()) {
      STRING.encode(member.getKey(), out);
      data.writeDouble(member.getValue());
      data.flush();
    }
    out.write(result.isLate() ? LATE : 0);
  }

  @Override
  public AnomalyResult decode(InputStream in) throws IOException {
    Event event = EVENT.decode(in);
    DataInputStream data = new DataInputStream(in);
    Instant timestamp = new Instant(data.readLong());
    double score = data.readDouble();
    int labelCode = data.readByte();
    double threshold = data.readDouble();
    String detectorId = STRING.decode(in);
    long modelVersion = VarInt.decodeLong(in);
    int memberCount = VarInt.decodeInt(in);
    Map<String, Double> members = new LinkedHashMap<>();
    for (int i = 0; i < memberCount; i++) {
      String member = STRING.decode(in);
      members.put(member, data.readDouble());
    }
    int flags = data.readUnsignedByte();
    try {
      return AnomalyResult.builder(event)
          .timestamp(timestamp)
          .score(score)
          .label(AnomalyLabel.fromCode(labelCode))
          .threshold(threshold)
          .detectorId(detectorId)
          .modelVersion(modelVersion)
          .memberScores(members)
          .late((flags & LATE) != 0)
          .build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CoderException("cannot decode an AnomalyResult: " + e.getMessage(), e);
    }
  }

  @Override
  public void verifyDeterministic() {}

  // CustomCoder does not define equality; a coder must equal its deserialized copy.
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof AnomalyResultCoder;
  }

  @Override
  public int hashCode() {
    return AnomalyResultCoder.class.getName().hashCode();
  }
}
