/**
 * The {@code anomaly} pipeline: events from Kafka scored by an online detector per key ({@code
 * AnomalyDetection}), every result as JSON on a scores topic, outliers on an alerts topic, dead
 * letters on their own topic; the detectors the command line knows by name; and the demo that
 * replays a NAB series through it.
 */
package dev.streamml.pipelines.anomaly;
