/**
 * Prequential metrics on a stream of {@link dev.streamml.online.beam.Prediction}s, as Beam
 * transforms: per event-time window and over the whole stream so far ({@link
 * dev.streamml.eval.stream.PrequentialMetrics}).
 */
package dev.streamml.eval.stream;
