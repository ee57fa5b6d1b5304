package dev.streamml.pipelines.kafka;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional producer given to Beam's exactly-once Kafka writer ({@code KafkaIO ...
 * withEOS}): it makes sure a writer whose last transaction did not end cleanly is never used as if
 * nothing had happened.
 *
 * <p>Why it exists. Beam 2.70's writer ({@code KafkaExactlyOnceSink.ExactlyOnceWriter}) keeps one
 * producer per shard in a static cache of the JVM (per class loader), takes it out at every bundle
 * and puts it back in a {@code finally} block, whatever happened. When Flink cancels the writer task
 * (another TaskManager died, the job fails over), the interrupt usually lands while the producer
 * waits for the broker in {@code sendOffsetsToTransaction} or {@code commitTransaction}. Beam calls
 * those through reflection, so the failure reaches it as a plain {@code RuntimeException}: it
 * neither aborts the transaction nor drops the producer (its "unrecoverable producer" branch never
 * matches), and the writer goes back into the cache still in a transaction. The restarted task on
 * the same TaskManager gets it back and fails at every bundle with "Invalid transition attempted
 * from state IN_TRANSACTION to state IN_TRANSACTION": the job restarts forever. Worse, if the
 * interrupt hit {@code commitTransaction}, the commit may complete on the broker after all while
 * the cached writer still believes the previous sequence number, and would write those records a
 * second time after the restore.
 *
 * <p>What it does, per case:
 *
 * <ul>
 *   <li>A transaction was begun and neither committed nor aborted, or a transactional call failed
 *       (but no commit is in doubt): at the next {@code beginTransaction} the underlying Kafka
 *       producer is closed and a new one with the same {@code transactional.id} is opened. Its
 *       {@code initTransactions} fences the old one and makes the broker abort the open
 *       transaction. The writer's committed sequence number is still right (it only moves when a
 *       commit returns), so the writer goes on.
 *   <li>A {@code commitTransaction} failed: whether it happened is unknown, so the writer's
 *       committed sequence number cannot be trusted. The next record sent throws Beam's own {@code
 *       UnrecoverableProducerException}; Beam then closes this producer and drops the writer instead
 *       of caching it, the task fails and restarts, and a new writer reads the committed sequence
 *       number from Kafka (after fencing this producer, which settles the commit one way or the
 *       other). Until a record is sent, transactions are empty and their commits are skipped:
 *       nothing is written, and Kafka keeps the sequence number it has.
 * </ul>
 *
 * <p>A producer that never fails behaves exactly like {@link KafkaProducer}. Use it through {@link
 * #factory()}:
 *
 * <pre>{@code
 * KafkaIO.<String, String>write()
 *     .withTopic("scores")
 *     .withEOS(1, "streamml-eos-scores")
 *     .withProducerFactoryFn(RestartSafeProducer.factory());
 * }</pre>
 */
final class RestartSafeProducer<K, V> implements Producer<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(RestartSafeProducer.class);

  /** Beam's exception that makes its exactly-once writer close the producer and not cache it. */
  static final String BEAM_UNRECOVERABLE =
      "org.apache.beam.sdk.io.kafka.ProducerSpEL$UnrecoverableProducerException";

  private final Map<String, Object> config;
  private final Function<Map<String, Object>, Producer<K, V>> opener;
  private final String name;
  private Producer<K, V> delegate;
  /** A transaction began and neither a commit nor an abort has returned since. */
  private boolean open;
  /** A transactional call failed: the client may be in any transaction state. */
  private boolean broken;
  /** A commit failed: it may still have happened, so the writer's sequence number is suspect. */
  private boolean commitInDoubt;

  RestartSafeProducer(
      Map<String, Object> config, Function<Map<String, Object>, Producer<K, V>> opener) {
    this.config = Map.copyOf(config);
    this.opener = opener;
    this.name = String.valueOf(config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
    this.delegate = opener.apply(this.config);
  }

  /** The producer factory for {@code KafkaIO.write().withProducerFactoryFn(...)}. */
  static <K, V> SerializableFunction<Map<String, Object>, Producer<K, V>> factory() {
    return config -> new RestartSafeProducer<>(config, KafkaProducer::new);
  }

  @Override
  public void initTransactions() {
    delegate.initTransactions();
  }

  @Override
  public void beginTransaction() {
    if (commitInDoubt) {
      return; // empty until a send makes Beam drop this writer
    }
    if (open || broken) {
      LOG.warn(
          "{}: the previous transaction did not end (task cancelled or failed mid-transaction);"
              + " opening a new producer, which fences the old one and aborts its transaction",
          name);
      reopen();
    }
    try {
      delegate.beginTransaction();
      open = true;
    } catch (RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  private void reopen() {
    try {
      delegate.close(Duration.ZERO);
    } catch (RuntimeException e) {
      LOG.warn("{}: closing the old producer failed; the new one fences it anyway", name, e);
    }
    delegate = opener.apply(config);
    delegate.initTransactions();
    open = false;
    broken = false;
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
    return send(record, null);
  }

  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
    if (commitInDoubt) {
      throw writerMustBeDropped(name);
    }
    return delegate.send(record, callback);
  }

  @Override
  @SuppressWarnings("deprecation") // the signature Beam 2.70 calls
  public void sendOffsetsToTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets, String consumerGroupId) {
    if (commitInDoubt) {
      return;
    }
    try {
      delegate.sendOffsetsToTransaction(offsets, consumerGroupId);
    } catch (RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  @Override
  public void sendOffsetsToTransaction(
      Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
    if (commitInDoubt) {
      return;
    }
    try {
      delegate.sendOffsetsToTransaction(offsets, groupMetadata);
    } catch (RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  @Override
  public void commitTransaction() {
    if (commitInDoubt) {
      return; // nothing was sent in this transaction: skipping its commit writes nothing
    }
    try {
      delegate.commitTransaction();
      open = false;
    } catch (RuntimeException e) {
      commitInDoubt = true;
      LOG.warn(
          "{}: commit failed and may still complete on the broker; the writer will be dropped"
              + " at its next record so that a new one reads the committed sequence from Kafka",
          name);
      throw e;
    }
  }

  @Override
  public void abortTransaction() {
    if (commitInDoubt) {
      return;
    }
    try {
      delegate.abortTransaction();
      open = false;
    } catch (RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return delegate.partitionsFor(topic);
  }

  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return delegate.metrics();
  }

  @Override
  public Uuid clientInstanceId(Duration timeout) {
    return delegate.clientInstanceId(timeout);
  }

  @Override
  public void close() {
    // A producer left mid-transaction would wait for its in-flight requests; the transaction is
    // abandoned anyway (the next producer with this transactional.id aborts it).
    close(open || broken || commitInDoubt ? Duration.ZERO : Duration.ofMillis(Long.MAX_VALUE));
  }

  @Override
  public void close(Duration timeout) {
    delegate.close(open || broken || commitInDoubt ? Duration.ZERO : timeout);
  }

  /**
   * Beam's {@code UnrecoverableProducerException}, the one exception its writer answers by closing
   * the producer and not caching the writer. It is package-private in Beam, hence the reflection;
   * should a Beam upgrade remove it, the plain cause is thrown (and {@code RestartSafeProducerTest}
   * fails, pointing here).
   */
  static RuntimeException writerMustBeDropped(String name) {
    ApiException cause =
        new InvalidTxnStateException(
            name + ": an earlier commit failed and may have completed; this writer's committed"
                + " sequence number is suspect, so it is dropped and a new one reads it from Kafka");
    try {
      Class<?> type = Class.forName(BEAM_UNRECOVERABLE);
      Constructor<?> constructor = type.getDeclaredConstructor(ApiException.class);
      constructor.setAccessible(true);
      return (RuntimeException) constructor.newInstance(cause);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return cause;
    }
  }
}
