/**
 * Launchers for local infrastructure that runs in separate processes, starting with a real Apache
 * Kafka broker. JDK only: this package is on the classpath of the CLI and of other modules'
 * integration tests, and must not bring any library (least of all Kafka 4.x) with it.
 *
 * <pre>{@code
 * try (LocalKafkaBroker kafka = LocalKafkaBroker.builder().start()) {
 *   String bootstrap = kafka.bootstrapServers();   // "127.0.0.1:<free port>"
 * }
 * }</pre>
 *
 * @see dev.streamml.launchers.LocalKafkaBroker
 * @see dev.streamml.launchers.BrokerControl
 */
package dev.streamml.launchers;
