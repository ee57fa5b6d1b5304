/**
 * Evaluation of what streamml computes: benchmark scoring of detectors against labelled data.
 *
 * <p>{@link dev.streamml.eval.nab} scores anomaly detectors the way the Numenta Anomaly Benchmark
 * (NAB v1.1) does. Code here takes data in memory and reads no files; callers load the series and
 * labels.
 */
package dev.streamml.eval;
