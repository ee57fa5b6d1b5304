/**
 * Turning scores into decisions: {@link dev.streamml.anomaly.threshold.Threshold}s ({@link
 * dev.streamml.anomaly.threshold.FixedThreshold}, {@link
 * dev.streamml.anomaly.threshold.OnlineQuantileThreshold}), the {@link
 * dev.streamml.anomaly.threshold.EnsembleDetector} that combines detectors by max, mean or vote,
 * and {@link dev.streamml.anomaly.threshold.NormalOnlyDetector}, which keeps anomalies out of a
 * detector's model.
 */
package dev.streamml.anomaly.threshold;
