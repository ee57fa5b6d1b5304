/**
 * Reusable Beam option interfaces that pipelines compose (Kafka input, event format, windowing,
 * dead letters), and the one place that turns option values into transform settings.
 */
package dev.streamml.pipelines.options;
