/**
 * Streaming anomaly detection: detectors that learn online in bounded memory, thresholds and
 * ensembles, and the {@code AnomalyDetection} transform that scores each key's events in
 * event-time order.
 */
package dev.streamml.anomaly;
