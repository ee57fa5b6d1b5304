/**
 * Event-time windows and triggers, and the too-late data Beam would otherwise drop.
 *
 * <p>{@link dev.streamml.windowing.WindowSpec} (fixed, sliding or session windows) and {@link
 * dev.streamml.windowing.TriggerSpec} (early and late firings, allowed lateness, accumulation) are
 * small immutable values with a text form, so that pipelines can take them from options. {@link
 * dev.streamml.windowing.EventTimeWindows} applies both to keyed events and returns a {@link
 * dev.streamml.windowing.WindowedResult}: the windowed events, and the events later than the
 * allowed lateness as {@link dev.streamml.windowing.LateElement}s instead of a silent drop.
 *
 * <pre>{@code
 * WindowedResult<String, Double> windowed =
 *     amounts.apply(EventTimeWindows.of(WindowSpec.parse("session:30m"), TriggerSpec.DEFAULT));
 * }</pre>
 */
package dev.streamml.windowing;
