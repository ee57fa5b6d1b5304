package dev.streamml.drift;

/**
 * The Page-Hinkley test (Page 1954) for a change in the mean, as in MOA's {@code PageHinkleyDM} and
 * river's {@code drift.PageHinkley}. With {@code x̄_t} the running mean of the values since the
 * last reset, it keeps the faded cumulative deviations
 *
 * <pre>
 *   up_t   = alpha * up_(t-1)   + (x_t - x̄_t - delta)
 *   down_t = alpha * down_(t-1) + (x_t - x̄_t + delta)
 *   increase when up_t - min(0, up_1 .. up_t)     > lambda
 *   decrease when max(0, down_1 .. down_t) - down_t > lambda
 * </pre>
 *
 * starting from {@code up_0 = down_0 = 0}. {@code delta} is the size of change that is tolerated,
 * {@code lambda} the alarm threshold and {@code alpha} (at most 1) fades old deviations. With
 * {@code alpha = 1} the increase test is the one-sided CUSUM {@code g_t = max(0, g_(t-1) + x_t -
 * x̄_t - delta) > lambda} of MOA. No alarm is raised before {@code minInstances} values; after a
 * drift all statistics start over. There is no warning zone. {@link Direction#UP} suits error rates
 * and losses; the default {@link Direction#BOTH} follows river.
 *
 * <p>Measured in {@code PageHinkleyTest} with the defaults, increases only: an error rate jump 0.1
 * to 0.5 after 5,000 values is detected within 200 values (lambda / 0.4 is about 125); 20,000
 * stationary values at error rate 0.1 raise no alarm for 18 of 20 seeds and one for the others. On
 * unit-variance Gaussian noise lambda 50 is too low: raise it with the noise's scale.
 *
 * <pre>{@code
 * DriftDetector ph = PageHinkley.create().withThreshold(50).increasesOnly();
 * }</pre>
 */
public final class PageHinkley implements DriftDetector {

  private static final long serialVersionUID = 1L;

  /** Values seen (since the last reset) before an alarm can be raised. */
  public static final int DEFAULT_MIN_INSTANCES = 30;

  /** Tolerated change of the mean (delta). */
  public static final double DEFAULT_DELTA = 0.005;

  /** Alarm threshold (lambda). */
  public static final double DEFAULT_THRESHOLD = 50;

  /** Fading factor of the cumulative sums (alpha). */
  public static final double DEFAULT_ALPHA = 1 - 0.0001;

  /** Which changes of the mean raise an alarm. */
  public enum Direction {
    /** Increases only, as in MOA (error rates). */
    UP,
    /** Decreases only. */
    DOWN,
    /** Both, as river's default. */
    BOTH
  }

  private final int minInstances;
  private final double delta;
  private final double threshold;
  private final double alpha;
  private final Direction direction;

  private long n;
  private double mean;
  private double up;
  private double upMin;
  private double down;
  private double downMax;

  private long count;
  private long detections;
  private DriftState state = DriftState.NONE;

  private PageHinkley(
      int minInstances, double delta, double threshold, double alpha, Direction direction) {
    this.minInstances = minInstances;
    this.delta = delta;
    this.threshold = threshold;
    this.alpha = alpha;
    this.direction = direction;
  }

  /** A two-sided test with the MOA and river defaults. */
  public static PageHinkley create() {
    return new PageHinkley(
        DEFAULT_MIN_INSTANCES, DEFAULT_DELTA, DEFAULT_THRESHOLD, DEFAULT_ALPHA, Direction.BOTH);
  }

  /** A new, empty detector that raises no alarm before {@code minInstances} (at least 1) values. */
  public PageHinkley withMinInstances(int minInstances) {
    Checks.checkAtLeast("minInstances", minInstances, 1);
    return new PageHinkley(minInstances, delta, threshold, alpha, direction);
  }

  /** A new, empty detector tolerating changes of the mean up to {@code delta} (non-negative). */
  public PageHinkley withDelta(double delta) {
    Checks.checkNonNegative("delta", delta);
    return new PageHinkley(minInstances, delta, threshold, alpha, direction);
  }

  /** A new, empty detector with alarm threshold {@code lambda} (positive). */
  public PageHinkley withThreshold(double lambda) {
    Checks.checkPositive("threshold", lambda);
    return new PageHinkley(minInstances, delta, lambda, alpha, direction);
  }

  /** A new, empty detector with fading factor {@code alpha} in (0, 1]; 1 means no fading. */
  public PageHinkley withAlpha(double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha should lie in (0, 1], got " + alpha);
    }
    return new PageHinkley(minInstances, delta, threshold, alpha, direction);
  }

  /** A new, empty detector that raises alarms for {@code direction} changes only. */
  public PageHinkley withDirection(Direction direction) {
    if (direction == null) {
      throw new IllegalArgumentException("direction should not be null");
    }
    return new PageHinkley(minInstances, delta, threshold, alpha, direction);
  }

  /** A new, empty detector for increases of the mean only (error rates, losses). */
  public PageHinkley increasesOnly() {
    return withDirection(Direction.UP);
  }

  @Override
  public String id() {
    return "page-hinkley";
  }

  @Override
  public DriftState update(double value) {
    Checks.checkFinite(value);
    count++;
    n++;
    mean += (value - mean) / n;
    up = alpha * up + (value - mean - delta);
    upMin = Math.min(upMin, up);
    down = alpha * down + (value - mean + delta);
    downMax = Math.max(downMax, down);
    boolean drift =
        n >= minInstances
            && ((direction != Direction.DOWN && increaseStatistic() > threshold)
                || (direction != Direction.UP && decreaseStatistic() > threshold));
    if (drift) {
      detections++;
      reset();
    }
    state = drift ? DriftState.DRIFT : DriftState.NONE;
    return state;
  }

  /** {@code up_t - min(0, up_1..up_t)}: evidence of an increase since the last reset. */
  public double increaseStatistic() {
    return up - upMin;
  }

  /** {@code max(0, down_1..down_t) - down_t}: evidence of a decrease since the last reset. */
  public double decreaseStatistic() {
    return downMax - down;
  }

  /** Running mean of the values since the last reset, NaN when there are none. */
  public double mean() {
    return n == 0 ? Double.NaN : mean;
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
  public PageHinkley copy() {
    PageHinkley copy = new PageHinkley(minInstances, delta, threshold, alpha, direction);
    copy.n = n;
    copy.mean = mean;
    copy.up = up;
    copy.upMin = upMin;
    copy.down = down;
    copy.downMax = downMax;
    copy.count = count;
    copy.detections = detections;
    copy.state = state;
    return copy;
  }

  private void reset() {
    n = 0;
    mean = 0;
    up = 0;
    upMin = 0;
    down = 0;
    downMax = 0;
  }
}
