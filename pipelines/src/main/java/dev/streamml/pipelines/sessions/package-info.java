/**
 * The {@code sessions} pipeline: access log lines from Kafka into host sessions, traffic figures
 * and alerts on suspicious sessions, each on its own topic; and the {@code demo sessions} replay
 * of a bundled NASA-HTTP sample.
 */
package dev.streamml.pipelines.sessions;
