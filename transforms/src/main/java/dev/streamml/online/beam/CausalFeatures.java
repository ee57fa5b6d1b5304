package dev.streamml.online.beam;

import dev.streamml.events.Event;
import javax.annotation.Nullable;

/**
 * The features {@link PrequentialLearning} gives a model when causal features are on: the event's
 * own features, then the last label its key revealed (0 before any), then the change of every
 * feature since the key's previous event (0 for the first event). All of it is known before the
 * event's own label is, so no label leaks into its prediction.
 *
 * <p>For an event with features {@code f1..fn} the row has {@code 2n + 1} values: {@code f1..fn,
 * lastLabel, f1 - prev.f1, .., fn - prev.fn}.
 *
 * <pre>{@code
 * double[] features = CausalFeatures.of(event, previousEvent, lastLabel); // previous may be null
 * double prediction = model.predict(features);
 * }</pre>
 */
public final class CausalFeatures {
  private CausalFeatures() {}

  /** The causal row of {@code event} after {@code previous} of the same key (null if none). */
  public static double[] of(Event event, @Nullable Event previous, @Nullable Double lastLabel) {
    int n = event.size();
    if (previous != null && previous.size() != n) {
      throw new IllegalArgumentException(
          "events of key '"
              + event.getKey()
              + "' should all have the same features; "
              + previous.getFeatureNames()
              + " was followed by "
              + event.getFeatureNames());
    }
    double[] row = new double[2 * n + 1];
    for (int i = 0; i < n; i++) {
      double v = event.valueAt(i);
      row[i] = v;
      row[n + 1 + i] = previous == null ? 0.0 : v - previous.valueAt(i);
    }
    row[n] = lastLabel == null ? 0.0 : lastLabel;
    return row;
  }
}
