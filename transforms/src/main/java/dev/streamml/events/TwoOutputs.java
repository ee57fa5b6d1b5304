package dev.streamml.events;

import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.collect.ImmutableMap;

/**
 * The output of a transform that splits its input in two named collections, such as results and
 * dead letters. Subclasses give the two accessors names that say what they hold.
 *
 * <pre>{@code
 * public static final class Result extends TwoOutputs<Event, DeadLetter> {
 *   public PCollection<Event> events() { return first(); }
 *   public PCollection<DeadLetter> deadLetters() { return second(); }
 * }
 * }</pre>
 *
 * @param <A> the first output's element type
 * @param <B> the second output's element type
 */
public abstract class TwoOutputs<A, B> implements POutput {
  private final TupleTag<A> firstTag;
  private final PCollection<A> first;
  private final TupleTag<B> secondTag;
  private final PCollection<B> second;

  protected TwoOutputs(
      TupleTag<A> firstTag, PCollection<A> first, TupleTag<B> secondTag, PCollection<B> second) {
    this.firstTag = firstTag;
    this.first = first;
    this.secondTag = secondTag;
    this.second = second;
  }

  protected PCollection<A> first() {
    return first;
  }

  protected PCollection<B> second() {
    return second;
  }

  @Override
  public Pipeline getPipeline() {
    return first.getPipeline();
  }

  @Override
  public Map<TupleTag<?>, PValue> expand() {
    return ImmutableMap.of(firstTag, first, secondTag, second);
  }

  @Override
  public void finishSpecifyingOutput(
      String transformName, PInput input, PTransform<?, ?> transform) {}
}
