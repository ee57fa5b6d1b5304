/**
 * The {@code online-learning} pipeline: labelled events (labels in the events or on their own
 * topic) from Kafka, models learned per key in event-time order, predictions, versioned model
 * snapshots and prequential metrics out to Kafka.
 */
package dev.streamml.pipelines.online;
