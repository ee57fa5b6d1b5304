package dev.streamml.online;

import dev.streamml.drift.Ddm;
import dev.streamml.drift.DriftState;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import javax.annotation.Nullable;

/**
 * A classifier that watches its own errors with a drift detector (DDM) and replaces itself when
 * they rise: on a warning a background model starts learning beside the current one; on a drift
 * the background model takes over ({@link Mode#SWAP}), or a fresh model does ({@link Mode#RESET},
 * or when there was no warning first); when the error comes back under the warning level the
 * background model is dropped. This is MOA's {@code DriftDetectionMethodClassifier} scheme.
 *
 * <p>Each {@link #learn} first scores the row with the current model (the prediction made just
 * before, in prequential use: it is remembered, not computed twice), feeds the detector 1 for an
 * error and 0 otherwise, acts on its state, and then teaches the row to the current model (the new
 * one after a swap or reset) and to the background model. {@link #drifts()} counts replacements.
 *
 * <p>Id {@code drift-adaptive:<inner id>}. Snapshot: {@code mode} (0 reset, 1 swap), {@code
 * drifts}, {@code ddm} ({@link Ddm#toArray}), the current model's parameters prefixed {@code
 * model.} with its version in {@code model.version}, the fresh model's under {@code fresh.}, and
 * while a warning lasts the background model's under {@code background.}.
 *
 * <pre>{@code
 * OnlineModel model = DriftAdaptive.swapping(OnlineHoeffdingTree.of(params));
 * events.apply(PrequentialLearning.of(model));  // each key's model adapts on its own
 * }</pre>
 */
public final class DriftAdaptive implements OnlineModel {
  private static final long serialVersionUID = 1L;
  public static final String ID_PREFIX = "drift-adaptive:";

  /** What replaces the model on a drift. */
  public enum Mode {
    /** A fresh copy of the initial model. */
    RESET,
    /** The background model trained since the warning; a fresh one if there was none. */
    SWAP
  }

  private final OnlineModel fresh;
  private final Mode mode;
  private OnlineModel model;
  private @Nullable OnlineModel background;
  private Ddm detector;
  private long drifts;
  private long version;

  // The last prediction, reused when learn() gets the row just predicted.
  private transient @Nullable double[] lastRow;
  private transient @Nullable double[] lastProbabilities;

  private DriftAdaptive(OnlineModel fresh, Mode mode, OnlineModel model, Ddm detector) {
    if (!fresh.isClassifier()) {
      throw new IllegalArgumentException(
          "drift adaptation watches classification errors; '" + fresh.id() + "' is no classifier");
    }
    this.fresh = fresh;
    this.mode = mode;
    this.model = model;
    this.detector = detector;
  }

  /** {@code model} (untrained), replaced by a fresh copy on each drift. */
  public static DriftAdaptive resetting(OnlineModel model) {
    return of(model, Mode.RESET, Ddm.create());
  }

  /** {@code model} (untrained), replaced by the model trained since the warning on each drift. */
  public static DriftAdaptive swapping(OnlineModel model) {
    return of(model, Mode.SWAP, Ddm.create());
  }

  /** {@code model} (untrained) watched by {@code detector} (new, empty). */
  public static DriftAdaptive of(OnlineModel model, Mode mode, Ddm detector) {
    if (model == null || mode == null || detector == null) {
      throw new IllegalArgumentException("a model, a mode and a detector are required");
    }
    return new DriftAdaptive(model.copy(), mode, model.copy(), detector.copy());
  }

  public static DriftAdaptive fromSnapshot(ModelSnapshot s) {
    if (!s.modelId().startsWith(ID_PREFIX)) {
      throw new IllegalArgumentException(
          "snapshot is of model '" + s.modelId() + "', expected '" + ID_PREFIX + "...'");
    }
    String innerId = s.modelId().substring(ID_PREFIX.length());
    OnlineModel fresh = member(s, innerId, "fresh.");
    DriftAdaptive m =
        new DriftAdaptive(
            fresh,
            s.scalar("mode") == 1 ? Mode.SWAP : Mode.RESET,
            member(s, innerId, "model."),
            Ddm.fromArray(s.get("ddm")));
    if (s.has("background.version")) {
      m.background = member(s, innerId, "background.");
    }
    m.drifts = (long) s.scalar("drifts");
    m.version = s.version();
    return m;
  }

  private static OnlineModel member(ModelSnapshot s, String innerId, String prefix) {
    return OnlineModels.fromSnapshot(s.sub(innerId, (long) s.scalar(prefix + "version"), prefix));
  }

  @Override
  public String id() {
    return ID_PREFIX + fresh.id();
  }

  public Mode mode() {
    return mode;
  }

  /** Times the model was replaced after a drift. */
  public long drifts() {
    return drifts;
  }

  /** Whether a background model is learning (the detector is in its warning zone). */
  public boolean hasBackground() {
    return background != null;
  }

  /** The model predicting now (not a copy). */
  public OnlineModel current() {
    return model;
  }

  @Override
  public double predict(double[] features) {
    return model.predict(features);
  }

  @Override
  public double[] predictProba(double[] features) {
    double[] probabilities = model.predictProba(features);
    lastRow = features.clone();
    lastProbabilities = probabilities.clone();
    return probabilities;
  }

  @Override
  public void learn(double[] features, double label) {
    double[] probabilities =
        lastRow != null && Arrays.equals(lastRow, features)
            ? lastProbabilities
            : model.predictProba(features);
    lastRow = null;
    lastProbabilities = null;
    int predicted = Rows.argMax(probabilities);
    DriftState state = detector.update(predicted == (int) label ? 0 : 1);
    switch (state) {
      case DRIFT:
        model = mode == Mode.SWAP && background != null ? background : fresh.copy();
        background = null;
        drifts++;
        break;
      case WARNING:
        if (background == null) {
          background = fresh.copy();
        }
        break;
      default:
        background = null;
    }
    model.learn(features, label);
    if (background != null) {
      background.learn(features, label);
    }
    version++;
  }

  @Override
  public long version() {
    return version;
  }

  @Override
  public ModelSnapshot snapshot() {
    Map<String, double[]> p = new TreeMap<>();
    p.put("mode", new double[] {mode == Mode.SWAP ? 1 : 0});
    p.put("drifts", new double[] {drifts});
    p.put("ddm", detector.toArray());
    put(p, "fresh.", fresh);
    put(p, "model.", model);
    if (background != null) {
      put(p, "background.", background);
    }
    return ModelSnapshot.of(id(), version, p);
  }

  private static void put(Map<String, double[]> p, String prefix, OnlineModel member) {
    ModelSnapshot snapshot = member.snapshot();
    p.put(prefix + "version", new double[] {snapshot.version()});
    snapshot.parameters().forEach((k, v) -> p.put(prefix + k, v));
  }

  @Override
  public DriftAdaptive copy() {
    DriftAdaptive c = new DriftAdaptive(fresh.copy(), mode, model.copy(), detector.copy());
    c.background = background == null ? null : background.copy();
    c.drifts = drifts;
    c.version = version;
    return c;
  }

  @Override
  public String toString() {
    return "DriftAdaptive{" + mode + ", " + model.id() + ", drifts=" + drifts + "}";
  }
}
