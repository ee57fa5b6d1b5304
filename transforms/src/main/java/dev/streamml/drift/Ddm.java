package dev.streamml.drift;

/**
 * The Drift Detection Method of Gama, Medas, Castillo and Rodrigues ("Learning with Drift
 * Detection", SBIA 2004) over a stream of 0/1 errors (1 = the model was wrong), as in MOA's {@code
 * DDM}. After {@code t} values the error rate is {@code p} with standard deviation {@code s =
 * sqrt(p (1 - p) / t)}; the detector remembers {@code pmin} and {@code smin} at the smallest {@code
 * p + s} seen and reports
 *
 * <ul>
 *   <li>{@link DriftState#DRIFT} when {@code p + s > pmin + 3 smin}, and then starts over;
 *   <li>{@link DriftState#WARNING} when {@code p + s > pmin + 2 smin};
 *   <li>{@link DriftState#NONE} otherwise,
 * </ul>
 *
 * tracking the minimum and testing only once {@code minInstances} ({@link #DEFAULT_MIN_INSTANCES},
 * 30) values were seen since the last start. The levels 2 and 3 are settable. Values other than 0
 * and 1 are rejected: DDM's bound assumes a Bernoulli stream.
 *
 * <p>Measured in {@code DdmTest}: an error rate jump 0.1 to 0.5 after 5,000 values is detected
 * within 400 values; the delay grows with the values seen since the last start, as {@code p}
 * averages all of them. Right after the first {@code minInstances} values {@code pmin + smin} rests
 * on few values, so early false alarms are DDM's known weakness (MOA's too): 6 of 20 seeded
 * stationary streams of 20,000 values at error rate 0.1 see 1 to 3, mostly in the first 1,000.
 *
 * <pre>{@code
 * DriftDetector ddm = Ddm.create();
 * DriftState state = ddm.update(prediction == label ? 0 : 1);
 * }</pre>
 */
public final class Ddm implements DriftDetector {

  private static final long serialVersionUID = 1L;

  /** Values seen (since the last start) before the detector tests anything. */
  public static final int DEFAULT_MIN_INSTANCES = 30;

  /** Standard deviations above the minimum that raise a warning. */
  public static final double DEFAULT_WARNING_LEVEL = 2;

  /** Standard deviations above the minimum that raise a drift. */
  public static final double DEFAULT_DRIFT_LEVEL = 3;

  private final int minInstances;
  private final double warningLevel;
  private final double driftLevel;

  private long n;
  private long errors;
  private double pMin;
  private double sMin;
  private double psMin;

  private long count;
  private long detections;
  private DriftState state = DriftState.NONE;

  private Ddm(int minInstances, double warningLevel, double driftLevel) {
    this.minInstances = minInstances;
    this.warningLevel = warningLevel;
    this.driftLevel = driftLevel;
    restart();
  }

  /** A detector with the paper's and MOA's settings: 30 instances, warning 2, drift 3. */
  public static Ddm create() {
    return new Ddm(DEFAULT_MIN_INSTANCES, DEFAULT_WARNING_LEVEL, DEFAULT_DRIFT_LEVEL);
  }

  /** A new, empty detector that tests only after {@code minInstances} (at least 1) values. */
  public Ddm withMinInstances(int minInstances) {
    Checks.checkAtLeast("minInstances", minInstances, 1);
    return new Ddm(minInstances, warningLevel, driftLevel);
  }

  /**
   * A new, empty detector with warning and drift levels in standard deviations; the warning level
   * should be positive and below the drift level.
   */
  public Ddm withLevels(double warningLevel, double driftLevel) {
    Checks.checkPositive("warningLevel", warningLevel);
    Checks.checkPositive("driftLevel", driftLevel);
    if (!(warningLevel < driftLevel)) {
      throw new IllegalArgumentException(
          "warningLevel should be below driftLevel, got " + warningLevel + " >= " + driftLevel);
    }
    return new Ddm(minInstances, warningLevel, driftLevel);
  }

  @Override
  public String id() {
    return "ddm";
  }

  @Override
  public DriftState update(double value) {
    if (value != 0 && value != 1) {
      throw new IllegalArgumentException("DDM takes 0 (correct) or 1 (error), got " + value);
    }
    count++;
    n++;
    errors += (long) value;
    state = DriftState.NONE;
    if (n >= minInstances) {
      double p = errorRate();
      double s = Math.sqrt(p * (1 - p) / n);
      if (p + s <= psMin) {
        pMin = p;
        sMin = s;
        psMin = p + s;
      }
      if (p + s > pMin + driftLevel * sMin) {
        state = DriftState.DRIFT;
        detections++;
        restart();
      } else if (p + s > pMin + warningLevel * sMin) {
        state = DriftState.WARNING;
      }
    }
    return state;
  }

  /** Error rate since the last start, NaN before any value. */
  public double errorRate() {
    return n == 0 ? Double.NaN : (double) errors / n;
  }

  @Override
  public DriftState state() {
    return state;
  }

  @Override
  public long detections() {
    return detections;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public Ddm copy() {
    Ddm copy = new Ddm(minInstances, warningLevel, driftLevel);
    copy.n = n;
    copy.errors = errors;
    copy.pMin = pMin;
    copy.sMin = sMin;
    copy.psMin = psMin;
    copy.count = count;
    copy.detections = detections;
    copy.state = state;
    return copy;
  }

  /**
   * The whole state, settings included, as numbers (for model snapshots): {@code minInstances,
   * warningLevel, driftLevel, n, errors, pMin, sMin, psMin, count, detections, state ordinal}.
   * {@link #fromArray} restores it exactly.
   */
  public double[] toArray() {
    return new double[] {
      minInstances,
      warningLevel,
      driftLevel,
      n,
      errors,
      pMin,
      sMin,
      psMin,
      count,
      detections,
      state.ordinal()
    };
  }

  /**
   * The detector {@link #toArray} describes.
   *
   * @throws IllegalArgumentException if the array is not of that form
   */
  public static Ddm fromArray(double[] values) {
    if (values == null || values.length != 11) {
      throw new IllegalArgumentException("a DDM state has 11 numbers");
    }
    Ddm ddm = create().withMinInstances((int) values[0]).withLevels(values[1], values[2]);
    ddm.n = (long) values[3];
    ddm.errors = (long) values[4];
    ddm.pMin = values[5];
    ddm.sMin = values[6];
    ddm.psMin = values[7];
    ddm.count = (long) values[8];
    ddm.detections = (long) values[9];
    ddm.state = DriftState.values()[(int) values[10]];
    return ddm;
  }

  private void restart() {
    n = 0;
    errors = 0;
    pMin = Double.POSITIVE_INFINITY;
    sMin = Double.POSITIVE_INFINITY;
    psMin = Double.POSITIVE_INFINITY;
  }
}
