/**
 * The one event model of streamml and how raw bytes become events.
 *
 * <p>{@link dev.streamml.events.Event} is what every transform consumes: a key, an event-time
 * timestamp, named numeric features, an optional label and an optional id. {@link
 * dev.streamml.events.ParseEvents} turns {@link dev.streamml.events.RawRecord}s (bytes plus where
 * they came from) into events, and sends every record it cannot parse to a dead-letter output as a
 * {@link dev.streamml.events.DeadLetter} that keeps the original bytes and the reason. Nothing is
 * dropped silently.
 */
package dev.streamml.events;
