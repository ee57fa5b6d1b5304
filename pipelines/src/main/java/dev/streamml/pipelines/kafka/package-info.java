/**
 * Kafka in and out: reading raw records with an event-time watermark policy that does not stall on
 * idle partitions, and writing results and dead letters back to topics; the security settings all
 * these clients share ({@link dev.streamml.pipelines.kafka.KafkaClientSecurity}) and the start-up
 * check of broker, login and topics ({@link dev.streamml.pipelines.kafka.KafkaPreflight}).
 */
package dev.streamml.pipelines.kafka;
