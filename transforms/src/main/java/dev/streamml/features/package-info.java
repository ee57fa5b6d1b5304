/**
 * Summary features of keyed numeric streams per event-time window pane.
 *
 * <p>{@link dev.streamml.features.WindowedFeatures} turns a keyed stream of numbers ({@code
 * KV<String, Double>}) or of {@link dev.streamml.events.Event}s into one {@link
 * dev.streamml.features.WindowFeatures} per key, window and pane: count, sum, mean, sample
 * variance, min, max, approximate quantiles, first and last values, rate, and the pane's timing
 * ({@link dev.streamml.features.PaneTiming}). It keeps the caller's windows and triggers, or
 * applies a {@link dev.streamml.windowing.WindowSpec} and {@link
 * dev.streamml.windowing.TriggerSpec} itself and returns the too-late data.
 *
 * <pre>{@code
 * PCollection<WindowFeatures> features =
 *     events.apply(WindowedFeatures.ofEvents("price")
 *             .windowedBy(WindowSpec.parse("fixed:1m"), TriggerSpec.DEFAULT))
 *         .features();
 * }</pre>
 */
package dev.streamml.features;
