package dev.streamml.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.streamml.launchers.FlinkRest;
import dev.streamml.launchers.LocalFlinkCluster;
import dev.streamml.launchers.LocalKafkaBroker;
import dev.streamml.pipelines.anomaly.AnomalyPipeline;
import dev.streamml.pipelines.runners.RunnerProfiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.Timeout;
import org.junit.runners.MethodSorters;

/**
 * Fault tests of the anomaly pipeline (per-key model state) on a real Flink session cluster (one
 * JobManager, two TaskManagers with two slots each, separate JVMs) against a real Kafka broker,
 * with checkpoints every 2 s and exactly-once Kafka output ({@code --exactlyOnce=true}).
 *
 * <p>Each test sends half of its events, lets the job commit output, starts sending the other half
 * and then breaks something mid-stream: a stop with savepoint and a new job from it, a broker stop
 * and restart, a TaskManager killed with SIGKILL. It then reads the scores topic {@code
 * read_committed} and compares it with what an uninterrupted run gives ({@link FaultScenario}):
 * every result exactly once, identical scores, labels and model versions (so each key's model
 * continued from its state), and the alerts topic holding exactly the outliers. The job reads
 * without end; the test stops it once every result is in and no more arrive.
 *
 * <p>Figures are printed as lines starting with {@code FAULT}. Tests run in name order; the
 * TaskManager kill comes last because it leaves one TaskManager.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class FlinkClusterFaultIT {

  private static final int EVENTS_PER_KEY = 150;
  private static final long CHECKPOINT_MS = 2_000;
  private static final Duration ALL_OUTPUT_TIMEOUT = Duration.ofSeconds(150);
  private static final Duration QUIET = Duration.ofSeconds(5);
  /** The second half of the events is sent over this long, so the fault hits a live stream. */
  private static final long SECOND_HALF_SPREAD_MS = 20_000;

  private static LocalKafkaBroker kafka;
  private static LocalFlinkCluster flink;
  private static final FaultScenario SCENARIO = new FaultScenario(EVENTS_PER_KEY);
  private static final Map<String, FaultScenario.Expected> EXPECTED = SCENARIO.expected();

  @Rule public final Timeout timeout = Timeout.seconds(300);

  @BeforeClass
  public static void startInfrastructure() {
    long t0 = System.nanoTime();
    kafka =
        LocalKafkaBroker.builder()
            .heap("512m")
            // Kafka's defaults give its internal topics 50 partitions each, created on first use
            // (the first consumer group, the first transaction): on two busy cores that stalled
            // the first job's source for minutes. One partition each is plenty for one broker.
            .extraConfig("offsets.topic.num.partitions", "1")
            .extraConfig("transaction.state.log.num.partitions", "1")
            .start();
    try {
      LocalFlinkCluster.Builder cluster = LocalFlinkCluster.builder();
      String keep = System.getProperty("streamml.it.flinkDir");
      if (keep != null && !keep.isBlank()) {
        cluster.dataDir(java.nio.file.Path.of(keep)); // kept after the run, logs included
      }
      flink =
          cluster
              .taskManagers(2)
              .slotsPerTaskManager(2)
              .heartbeatTimeout(Duration.ofSeconds(10))
              .start();
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    System.out.printf(
        "FAULT setup: Kafka %s and Flink %s up in %.1f s%n",
        kafka.bootstrapServers(), flink.restAddress(), (System.nanoTime() - t0) / 1e9);
  }

  @AfterClass
  public static void stopInfrastructure() {
    try {
      if (flink != null) {
        flink.close();
      }
    } finally {
      if (kafka != null) {
        kafka.close();
      }
    }
  }

  @Test
  public void t1StopWithSavepointAndRestartContinuesModels() throws Exception {
    try (Run run = new Run("savepoint")) {
      run.sendFirstHalf();
      String job = run.submit(null);
      run.awaitOutput(100);
      long t0 = System.nanoTime();
      String savepoint = flink.rest().stopWithSavepoint(job, Duration.ofMinutes(2));
      double savepointSeconds = (System.nanoTime() - t0) / 1e9;
      int atStop = run.scores.poll(Duration.ofMillis(100));
      // Events sent while no job runs must be picked up by the restored job.
      CompletableFuture<Void> secondHalf = run.sendSecondHalfInBackground();
      long t1 = System.nanoTime();
      run.submit(savepoint);
      double resubmitSeconds = (System.nanoTime() - t1) / 1e9;
      secondHalf.get(60, TimeUnit.SECONDS);
      Tally tally = run.finish();
      run.report(
          tally,
          String.format(
              "stop-with-savepoint %.1f s (%d results committed before the stop), restored job"
                  + " running %.1f s after resubmission; savepoint %s",
              savepointSeconds, atStop, resubmitSeconds, savepoint));
      run.assertExactlyOnceAndIdentical(tally);
    }
  }

  @Test
  public void t2BrokerStopAndRestartLosesNothing() throws Exception {
    try (Run run = new Run("broker")) {
      run.sendFirstHalf();
      run.submit(null);
      run.awaitOutput(100);
      run.awaitMoreCheckpoints(2);
      CompletableFuture<Void> secondHalf = run.sendSecondHalfInBackground();
      int atStop = run.awaitMidStream();
      long t0 = System.nanoTime();
      kafka.stopForRestart();
      double stopSeconds = (System.nanoTime() - t0) / 1e9;
      Thread.sleep(5_000);
      long t1 = System.nanoTime();
      kafka.startAgain();
      double downSeconds = (System.nanoTime() - t0) / 1e9;
      double startSeconds = (System.nanoTime() - t1) / 1e9;
      long back = System.nanoTime();
      run.scores.pollUntil(() -> run.scores.count() > atStop, Duration.ofSeconds(120), () -> {});
      double resumedSeconds = (System.nanoTime() - back) / 1e9;
      secondHalf.get(120, TimeUnit.SECONDS);
      Tally tally = run.finish();
      double allInSeconds = run.lastResultSeconds(back);
      run.report(
          tally,
          String.format(
              "broker down %.1f s (stop %.1f s, start %.1f s), %d results committed before;"
                  + " first new committed result %.1f s and the last %.1f s after the broker was"
                  + " back",
              downSeconds, stopSeconds, startSeconds, atStop, resumedSeconds, allInSeconds));
      run.assertExactlyOnceAndIdentical(tally);
    }
  }

  /**
   * Kills the TaskManager that does not run the scores writer's shard, so the survivor restarts a
   * writer whose producer it had cached: this is also the test of {@code RestartSafeProducer}.
   * Without it, Beam 2.70's writer gave the restarted task a producer still IN_TRANSACTION and the
   * job restarted forever (or, after an interrupted commit, would have written records twice).
   */
  @Test
  public void t3KillTaskManagerRestoresCheckpointExactlyOnce() throws Exception {
    try (Run run = new Run("kill")) {
      run.sendFirstHalf();
      String job = run.submit(null);
      run.awaitOutput(100);
      run.awaitMoreCheckpoints(2);
      CompletableFuture<Void> secondHalf = run.sendSecondHalfInBackground();
      FlinkRest rest = flink.rest();
      int atKill = run.awaitMidStream();
      long checkpointsBefore = rest.completedCheckpoints(job);
      long restoredBefore = rest.restoredCheckpoints(job);
      // Kill the TaskManager that does not run the scores writer: the survivor must restart a
      // writer whose producer it had cached, the case that used to restart the job forever.
      int writerAt =
          WriterPlacement.taskManagerIndex(rest, job, run.scoresTopic, flink.dataDir(), 2);
      long t0 = System.nanoTime();
      long killed = flink.killTaskManager(1 - writerAt);
      double[] restoredAfter = {-1};
      run.scores.pollUntil(
          () -> run.scores.count() > atKill && restoredAfter[0] >= 0,
          Duration.ofSeconds(150),
          () -> {
            if (restoredAfter[0] < 0) {
              try {
                if (rest.restoredCheckpoints(job) > restoredBefore
                    && rest.jobState(job).equals("RUNNING")) {
                  restoredAfter[0] = (System.nanoTime() - t0) / 1e9;
                }
              } catch (RuntimeException busy) {
                // The JobManager is busy failing over: ask again on the next poll.
              }
            }
          });
      double resumedAfter = (System.nanoTime() - t0) / 1e9;
      secondHalf.get(60, TimeUnit.SECONDS);
      Tally tally = run.finish();
      double allInAfter = run.lastResultSeconds(t0);
      run.report(
          tally,
          String.format(
              "killed TaskManager #%d pid %d (SIGKILL; the scores writer ran on the survivor)"
                  + " after %d checkpoints with %d results committed;"
                  + " job restored from checkpoint and RUNNING %.1f s after the kill, first new"
                  + " committed result %.1f s and the last %.1f s after the kill",
              1 - writerAt,
              killed,
              checkpointsBefore,
              atKill,
              restoredAfter[0],
              resumedAfter,
              allInAfter));
      assertTrue("the job restored a checkpoint", restoredAfter[0] >= 0);
      run.assertExactlyOnceAndIdentical(tally);
    }
  }

  /** One test's topics, producer, readers and job. */
  private static final class Run implements AutoCloseable {
    final String name;
    final String input;
    final String scoresTopic;
    final String alertsTopic;
    final List<FaultScenario.Event> events = SCENARIO.events();
    final long started = System.nanoTime();
    final KafkaProducer<String, String> producer;
    final ExecutorService sender = Executors.newSingleThreadExecutor();
    final CommittedReader scores;
    String jobId;
    int sent;
    long allInNanos;

    Run(String name) throws Exception {
      this.name = name;
      String prefix = "fault-" + name + "-";
      input = prefix + "events";
      scoresTopic = prefix + "scores";
      alertsTopic = prefix + "alerts";
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        admin
            .createTopics(
                List.of(
                    // The events carry their 2024 event times as record timestamps: under the
                    // broker's 7-day time retention its first check (30 s after it starts)
                    // deleted them before the first job read them. Keep them for good.
                    new NewTopic(input, 2, (short) 1).configs(Map.of("retention.ms", "-1")),
                    new NewTopic(scoresTopic, 1, (short) 1),
                    new NewTopic(alertsTopic, 1, (short) 1),
                    new NewTopic(prefix + "dead-letters", 1, (short) 1)))
            .all()
            .get(60, TimeUnit.SECONDS);
        awaitLeaders(admin, List.of(input, scoresTopic, alertsTopic));
      }
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      // Idempotent: a retry across the broker restart must not duplicate an input event.
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "180000");
      // One batch in flight: a batch refused while leadership settles can never overtake another
      // (seen: OUT_OF_ORDER_SEQUENCE_NUMBER retried forever with five in flight).
      props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
      producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
      scores = new CommittedReader(kafka.bootstrapServers(), scoresTopic);
    }

    /** New topics are usable once every partition has a leader. */
    private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        boolean ready =
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                .flatMap(t -> t.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (ready) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("topics " + topics + " have no leaders after 30 s");
        }
        sleep(200);
      }
    }

    void sendFirstHalf() {
      List<FaultScenario.Event> half = events.subList(0, events.size() / 2);
      half.forEach(this::send);
      producer.flush();
    }

    /** The other half, spread over a few seconds, then the sentinels. */
    CompletableFuture<Void> sendSecondHalfInBackground() {
      List<FaultScenario.Event> rest = events.subList(events.size() / 2, events.size());
      return CompletableFuture.runAsync(
          () -> {
            int batch = FaultScenario.KEYS * 5;
            long pause = SECOND_HALF_SPREAD_MS * batch / Math.max(1, rest.size());
            for (int i = 0; i < rest.size(); i += batch) {
              rest.subList(i, Math.min(rest.size(), i + batch)).forEach(this::send);
              producer.flush();
              try {
                Thread.sleep(pause);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
            }
            SCENARIO.sentinels().forEach(this::send);
            producer.flush();
          },
          sender);
    }

    private void send(FaultScenario.Event event) {
      producer.send(new ProducerRecord<>(input, event.partition, event.eventMillis, event.key,
          event.json()));
      sent++;
    }

    /** Submits the job (from a savepoint if given) and waits until it runs and checkpoints. */
    String submit(String savepoint) {
      String jobName = "fault-" + name + (savepoint == null ? "" : "-restored");
      List<String> args = new ArrayList<>();
      args.add("--flinkMaster=" + flink.restAddress());
      args.add("--jobName=" + jobName);
      args.add("--attachedMode=false");
      args.add("--parallelism=2");
      args.add("--checkpointingInterval=" + CHECKPOINT_MS);
      args.add("--minPauseBetweenCheckpoints=500");
      args.add("--numberOfExecutionRetries=1000");
      args.add("--executionRetryDelay=2000");
      args.add("--bootstrapServers=" + kafka.bootstrapServers());
      args.add("--inputTopic=" + input);
      args.add("--scoresTopic=" + scoresTopic);
      args.add("--alertsTopic=" + alertsTopic);
      args.add("--deadLetterTopic=fault-" + name + "-dead-letters");
      args.add("--detector=" + FaultScenario.DETECTOR);
      args.add("--exactlyOnce=true");
      args.add("--kafkaGroupPrefix=fault-" + name);
      // Event time only: a silent partition must never jump the watermark to the wall clock.
      args.add("--idleTimeout=1d");
      if (savepoint != null) {
        args.add("--savepointPath=" + savepoint);
      }
      AnomalyPipeline.Options options =
          AnomalyPipeline.options(RunnerProfiles.resolve("flink-cluster", args));
      AnomalyPipeline.run(options);
      FlinkRest rest = flink.rest();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (System.nanoTime() < deadline) {
        Optional<String> id = rest.activeJobNamed(jobName);
        if (id.isPresent() && rest.jobState(id.get()).equals("RUNNING")
            && rest.completedCheckpoints(id.get()) > 0) {
          jobId = id.get();
          return jobId;
        }
        sleep(500);
      }
      throw new AssertionError("job " + jobName + " not running and checkpointing within 120 s; "
          + "JobManager log " + flink.jobManagerLog());
    }

    void awaitOutput(int results) {
      assertTrue(
          "at least " + results + " committed results",
          scores.pollUntil(() -> scores.count() >= results, Duration.ofSeconds(120), () -> {}));
    }

    /**
     * Waits until {@code more} checkpoints completed after now. Beam's exactly-once sink records
     * its writer id in state at its first transaction; a crash before the next checkpoint
     * completes leaves Kafka with a commit the restored state knows nothing of, and the sink
     * refuses to go on ("Kafka metadata exists for shard 0, but there is no stored state"; seen
     * once here). The faults are meant for a job in its stride, so they wait for this.
     */
    void awaitMoreCheckpoints(int more) {
      FlinkRest rest = flink.rest();
      long target = rest.completedCheckpoints(jobId) + more;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (rest.completedCheckpoints(jobId) < target) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(more + " more checkpoints not completed within 60 s");
        }
        sleep(250);
      }
    }

    /**
     * Waits until the committed output is past the first half's results and short of the end:
     * the second half is flowing, so a fault now hits a live stream with results in flight.
     */
    int awaitMidStream() {
      int target = EXPECTED.size() / 2 + 40;
      assertTrue(
          "committed output reached " + target + " while the second half was being sent",
          scores.pollUntil(() -> scores.count() >= target, Duration.ofSeconds(90), () -> {}));
      return scores.count();
    }

    /** Waits for every expected result, then for quiet, stops the job and tallies. */
    Tally finish() {
      scores.pollUntil(() -> scores.count() >= EXPECTED.size(), ALL_OUTPUT_TIMEOUT, () -> {});
      allInNanos = System.nanoTime();
      scores.drain(QUIET);
      return Tally.of(EXPECTED, scores.records());
    }

    /** Cancels every job still running (the next test needs the slots), then closes clients. */
    @Override
    public void close() {
      try {
        FlinkRest rest = flink.rest();
        for (String id : rest.runningJobs()) {
          rest.cancel(id);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!rest.runningJobs().isEmpty() && System.nanoTime() < deadline) {
          sleep(250);
        }
      } finally {
        sender.shutdownNow();
        producer.close(Duration.ofSeconds(5));
        scores.close();
      }
    }

    /** Seconds from {@code since} until every expected result had been read. */
    double lastResultSeconds(long since) {
      return (allInNanos - since) / 1e9;
    }

    void report(Tally tally, String fault) {
      System.out.printf(
          "FAULT %s: events produced=%d (%d keys x %d + %d sentinels), %s; %s; test %.1f s%n",
          name, sent, FaultScenario.KEYS, EVENTS_PER_KEY, 2, tally.figures(), fault,
          (System.nanoTime() - started) / 1e9);
    }

    void assertExactlyOnceAndIdentical(Tally tally) {
      assertEquals("unexpected results: " + tally.unexpected, 0, tally.unexpected.size());
      assertEquals("duplicates", 0, tally.duplicates);
      assertEquals("losses", 0, tally.losses);
      assertEquals(
          "results differing from the uninterrupted run: "
              + tally.mismatches.stream().limit(5).collect(Collectors.toList()),
          0,
          tally.mismatches.size());
      assertEquals("every expected result", tally.expected, tally.found);
      // The alerts topic: exactly the outliers, each once.
      Map<String, FaultScenario.Expected> outliers = new TreeMap<>();
      EXPECTED.forEach(
          (id, e) -> {
            if (e.label.equals("OUTLIER")) {
              outliers.put(id, e);
            }
          });
      assertTrue("the scenario has outliers", outliers.size() >= 3);
      try (CommittedReader alerts = new CommittedReader(kafka.bootstrapServers(), alertsTopic)) {
        alerts.pollUntil(() -> alerts.count() >= outliers.size(), Duration.ofSeconds(20), () -> {});
        alerts.drain(Duration.ofSeconds(2));
        Tally alerted = Tally.of(outliers, alerts.records());
        System.out.printf("FAULT %s alerts: %s%n", name, alerted.figures());
        assertEquals("alert duplicates", 0, alerted.duplicates);
        assertEquals("alert losses", 0, alerted.losses);
        assertEquals("alerts that are no outliers", 0, alerted.unexpected.size());
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
