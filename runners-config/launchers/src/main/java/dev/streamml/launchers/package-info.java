/**
 * Launchers for local infrastructure that runs in separate processes: a real Apache Kafka broker
 * ({@link dev.streamml.launchers.LocalKafkaBroker}) and a real Flink session cluster ({@link
 * dev.streamml.launchers.LocalFlinkCluster}). JDK only: this package is on the classpath of the
 * CLI and of other modules' integration tests, and must not bring any library (least of all Kafka
 * 4.x) with it.
 *
 * <pre>{@code
 * try (LocalKafkaBroker kafka = LocalKafkaBroker.builder().start()) {
 *   String bootstrap = kafka.bootstrapServers();   // "127.0.0.1:<free port>"
 * }
 * }</pre>
 *
 * @see dev.streamml.launchers.LocalKafkaBroker
 * @see dev.streamml.launchers.BrokerControl
 * @see dev.streamml.launchers.FlinkControl
 */
package dev.streamml.launchers;
