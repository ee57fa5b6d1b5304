/**
 * Kafka in and out: reading raw records with an event-time watermark policy that does not stall on
 * idle partitions, and writing results and dead letters back to topics.
 */
package dev.streamml.pipelines.kafka;
