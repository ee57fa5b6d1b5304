/**
 * Online anomaly detectors implementing {@link dev.streamml.anomaly.AnomalyDetector}: classic
 * statistics over a bounded window ({@link dev.streamml.anomaly.detectors.ZScoreDetector},
 * {@link dev.streamml.anomaly.detectors.RobustZScoreDetector},
 * {@link dev.streamml.anomaly.detectors.IqrDetector}), a multi-feature forest ({@link
 * dev.streamml.anomaly.detectors.HalfSpaceTreesDetector}) and a time-series detector tuned on the
 * Numenta Anomaly Benchmark ({@link dev.streamml.anomaly.detectors.KnnConformalDetector}).
 *
 * <p>Every detector has immutable settings and a mutable model of bounded size, is deterministic
 * (random choices come from a fixed seed) and treats a point as a vector of features. The
 * univariate detectors score every feature on its own and report the largest score.
 */
package dev.streamml.anomaly.detectors;
