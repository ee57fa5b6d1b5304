/**
 * The {@code features} pipeline: events from Kafka, windowed over event time, aggregated into
 * per-key features, written back to Kafka as JSON, with dead letters and too-late events on their
 * own topics.
 */
package dev.streamml.pipelines.features;
