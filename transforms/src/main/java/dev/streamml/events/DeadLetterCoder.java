package dev.streamml.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import javax.annotation.Nullable;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Coder of {@link DeadLetter}: the {@link RawRecord}, then stage and reason.
 *
 * <pre>{@code
 * deadLetters.setCoder(DeadLetterCoder.of());
 * }</pre>
 */
public final class DeadLetterCoder extends CustomCoder<DeadLetter> {
  private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();

  private DeadLetterCoder() {}

  public static DeadLetterCoder of() {
    return INSTANCE;
  }

  /**
   * What {@code @DefaultCoder(DeadLetterCoder.class)} on {@link DeadLetter} calls: Beam's
   * default-coder lookup needs this static method, and without it falls back to {@code
   * SerializableCoder}.
   */
  public static CoderProvider getCoderProvider() {
    return CoderProviders.forCoder(TypeDescriptor.of(DeadLetter.class), INSTANCE);
  }

  @Override
  public void encode(DeadLetter letter, OutputStream out) throws IOException {
    RawRecordCoder.of().encode(letter.getRecord(), out);
    StringUtf8Coder.of().encode(letter.getStage(), out);
    StringUtf8Coder.of().encode(letter.getReason(), out);
  }

  @Override
  public DeadLetter decode(InputStream in) throws IOException {
    RawRecord record = RawRecordCoder.of().decode(in);
    String stage = StringUtf8Coder.of().decode(in);
    String reason = StringUtf8Coder.of().decode(in);
    return DeadLetter.of(record, stage, reason);
  }

  @Override
  public void verifyDeterministic() {}

  // CustomCoder does not define equality; a coder must equal its deserialized copy.
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof DeadLetterCoder;
  }

  @Override
  public int hashCode() {
    return DeadLetterCoder.class.getName().hashCode();
  }
}
