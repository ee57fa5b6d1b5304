package dev.streamml.pipelines.testing;

import dev.streamml.launchers.LocalKafkaBroker;
import dev.streamml.pipelines.demo.KafkaTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A real Kafka broker ({@link LocalKafkaBroker}, its own JVM) for one test class, with the client
 * calls integration tests need: create topics, send records and learn their offsets, and read a
 * topic from the beginning up to its current end.
 *
 * <pre>{@code
 * private static KafkaTestBroker kafka;
 *
 * @BeforeClass public static void startKafka() { kafka = KafkaTestBroker.start(); }
 * @AfterClass public static void stopKafka() { kafka.close(); }
 *
 * kafka.createTopics(Map.of("events", 2));
 * List<RecordMetadata> sent = kafka.send(records);
 * List<ConsumerRecord<byte[], byte[]>> out = kafka.readToEnd("features");
 * }</pre>
 */
public final class KafkaTestBroker implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final LocalKafkaBroker broker;
  private final Map<String, Object> clientConfig;

  private KafkaTestBroker(LocalKafkaBroker broker, Map<String, Object> clientConfig) {
    this.broker = broker;
    this.clientConfig = clientConfig;
  }

  /** Starts a broker on free ports with a fresh, temporary data directory. */
  public static KafkaTestBroker start() {
    // Tests send kilobytes: half the default heap leaves room for a Flink mini-cluster.
    return new KafkaTestBroker(LocalKafkaBroker.builder().heap("512m").start(), Map.of());
  }

  /**
   * Starts a broker whose clients must log in with SASL (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512) as
   * one of {@code users}; this object's own clients (topics, send, read) log in as {@code user}
   * with PLAIN.
   */
  public static KafkaTestBroker startWithSasl(Map<String, String> users, String user) {
    Map<String, Object> login = new HashMap<>();
    login.put("security.protocol", "SASL_PLAINTEXT");
    login.put("sasl.mechanism", "PLAIN");
    login.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + user + "\" password=\"" + users.get(user) + "\";");
    return new KafkaTestBroker(
        LocalKafkaBroker.builder().heap("512m").sasl(users).start(), Map.copyOf(login));
  }

  /**
   * Starts a broker whose clients must use TLS (trusting {@code stores}) and log in with SASL as
   * one of {@code users}: the {@code SASL_SSL} protocol. This object's clients log in as {@code
   * user} with PLAIN.
   */
  public static KafkaTestBroker startWithSaslSsl(
      Map<String, String> users, String user, TestTlsStores stores) {
    Map<String, Object> login = new HashMap<>();
    login.put("security.protocol", "SASL_SSL");
    login.put("sasl.mechanism", "PLAIN");
    login.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + user + "\" password=\"" + users.get(user) + "\";");
    login.put("ssl.truststore.location", stores.truststore().toString());
    login.put("ssl.truststore.password", stores.password());
    login.put("ssl.truststore.type", "PKCS12");
    LocalKafkaBroker broker =
        LocalKafkaBroker.builder()
            .heap("512m")
            .sasl(users)
            .tls(stores.keystore(), stores.password(), stores.truststore(), stores.password())
            .start();
    return new KafkaTestBroker(broker, Map.copyOf(login));
  }

  /** The settings this object's clients add (SASL login), empty for a plain broker. */
  public Map<String, Object> clientConfig() {
    return clientConfig;
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /** Process id of the broker JVM, for messages about a broker that did not stop. */
  public long pid() {
    return broker.pid();
  }

  /** Creates the topics (name to partition count) and waits until every partition is led. */
  public void createTopics(Map<String, Integer> partitionsByTopic) {
    KafkaTopics.ensure(bootstrapServers(), partitionsByTopic, clientConfig);
  }

  /**
   * Sends the records in order, acknowledged by the broker, and returns where each one landed (same
   * order). Records for one partition keep their order there.
   */
  public List<RecordMetadata> send(List<ProducerRecord<byte[], byte[]>> records) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // One batch in flight per partition: a retried batch can never be overtaken by the next one.
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> pending = new ArrayList<>();
      for (ProducerRecord<byte[], byte[]> record : records) {
        pending.add(producer.send(record));
      }
      producer.flush();
      List<RecordMetadata> sent = new ArrayList<>();
      for (Future<RecordMetadata> future : pending) {
        sent.add(future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
      }
      return sent;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("sending to " + bootstrapServers() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending", e);
    }
  }

  /**
   * Every committed record of {@code topic}, from the beginning up to the end offsets it has now,
   * partition by partition in offset order. Meant for topics whose writers have finished.
   */
  public List<ConsumerRecord<byte[], byte[]>> readToEnd(String topic) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, TIMEOUT)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + topic + " up to its end offsets " + end + " within " + TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          byPartition
              .computeIfAbsent(
                  new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>())
              .add(record);
        }
      }
      List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
      for (TopicPartition partition : partitions) {
        for (ConsumerRecord<byte[], byte[]> record :
            byPartition.getOrDefault(partition, List.of())) {
          if (record.offset() < end.get(partition)) {
            all.add(record);
          }
        }
      }
      return all;
    }
  }

  private static boolean reachedEnd(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      if (consumer.position(partition.getKey(), TIMEOUT) < partition.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Stops the broker and deletes its data. */
  @Override
  public void close() {
    broker.close();
  }
}
