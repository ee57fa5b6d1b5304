/**
 * Concept-drift detection: online change detectors over one stream of numbers (an error stream, a
 * loss, a feature) that raise WARNING and DRIFT states, and the {@code DetectDrift} transform that
 * runs a detector per key in event-time order.
 */
package dev.streamml.drift;
