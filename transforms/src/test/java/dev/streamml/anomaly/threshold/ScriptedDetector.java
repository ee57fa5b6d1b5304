package dev.streamml.anomaly.threshold;

import dev.streamml.anomaly.AnomalyDetector;

/** A test detector whose score is a fixed multiple of the point's first feature. */
final class ScriptedDetector implements AnomalyDetector {

  private static final long serialVersionUID = 1L;

  private final String id;
  private final double factor;
  private final int minPoints;
  private long count;

  ScriptedDetector(String id, double factor, int minPoints) {
    this.id = id;
    this.factor = factor;
    this.minPoints = minPoints;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public boolean isWarm() {
    return count >= minPoints;
  }

  @Override
  public double score(double[] point) {
    return Math.min(1.0, factor * point[0]);
  }

  @Override
  public void learn(double[] point) {
    count++;
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public ScriptedDetector copy() {
    ScriptedDetector copy = new ScriptedDetector(id, factor, minPoints);
    copy.count = count;
    return copy;
  }
}
