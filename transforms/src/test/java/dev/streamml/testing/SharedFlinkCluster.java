package dev.streamml.testing;

import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.taskexecutor.TaskExecutorResourceUtils;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One Flink mini-cluster for every Flink pipeline a test JVM runs, instead of one per pipeline
 * (which {@code --flinkMaster=[local]} starts, a few seconds each). Once started it is the context
 * environment of this JVM, so the Flink runner with {@code --flinkMaster=[auto]} submits to it. It
 * stops when the JVM exits.
 *
 * <pre>{@code
 * SharedFlinkCluster.ensureStarted();
 * PipelineOptionsFactory.fromArgs("--runner=FlinkRunner", "--flinkMaster=[auto]", "--streaming")
 *     .create();
 * }</pre>
 */
final class SharedFlinkCluster {
  /** Enough for one pipeline at parallelism 2 with separate slot-sharing groups. */
  private static final int SLOTS = 4;

  private static final String TARGET = "streamml-shared-mini-cluster";

  private static MiniCluster cluster;

  private SharedFlinkCluster() {}

  /** Starts the cluster on first call and routes {@code [auto]} Flink environments to it. */
  static synchronized void ensureStarted() {
    if (cluster != null) {
      return;
    }
    Configuration configuration = new Configuration();
    // Any free port: other test JVMs and Flink clusters on this machine may hold 8081.
    configuration.set(RestOptions.BIND_PORT, "0");
    configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    configuration.set(RestOptions.ADDRESS, "127.0.0.1");
    TaskExecutorResourceUtils.adjustForLocalExecution(configuration);
    MiniCluster started =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(SLOTS)
                .build());
    try {
      started.start();
    } catch (Exception e) {
      throw new IllegalStateException("could not start the shared Flink mini-cluster", e);
    }
    cluster = started;
    ContextEnvironment.install(started);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> started.closeAsync().join(), "stop-flink-mini-cluster"));
  }

  /** Makes {@code StreamExecutionEnvironment.getExecutionEnvironment()} submit to the cluster. */
  private static final class ContextEnvironment extends StreamExecutionEnvironment {
    static void install(MiniCluster cluster) {
      ClassLoader classLoader = SharedFlinkCluster.class.getClassLoader();
      PipelineExecutorServiceLoader executors = new SubmitToCluster(cluster);
      initializeContextEnvironment(
          configuration -> {
            Configuration merged = new Configuration();
            merged.addAll(configuration);
            merged.set(DeploymentOptions.TARGET, TARGET);
            merged.set(DeploymentOptions.ATTACHED, true);
            return new StreamExecutionEnvironment(executors, merged, classLoader);
          });
    }
  }

  /** Turns each pipeline into a job graph and submits it to the cluster. */
  private static final class SubmitToCluster
      implements PipelineExecutorServiceLoader, PipelineExecutorFactory, PipelineExecutor {
    private final MiniCluster cluster;

    SubmitToCluster(MiniCluster cluster) {
      this.cluster = cluster;
    }

    @Override
    public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
      return this;
    }

    @Override
    public Stream<String> getExecutorNames() {
      return Stream.of(TARGET);
    }

    @Override
    public String getName() {
      return TARGET;
    }

    @Override
    public boolean isCompatibleWith(Configuration configuration) {
      return TARGET.equals(configuration.get(DeploymentOptions.TARGET));
    }

    @Override
    public PipelineExecutor getExecutor(Configuration configuration) {
      return this;
    }

    @Override
    public CompletableFuture<JobClient> execute(
        org.apache.flink.api.dag.Pipeline pipeline,
        Configuration configuration,
        ClassLoader userCodeClassLoader)
        throws Exception {
      JobGraph jobGraph =
          PipelineExecutorUtils.getJobGraph(pipeline, configuration, userCodeClassLoader);
      return cluster
          .submitJob(jobGraph)
          .thenApply(
              submitted ->
                  new MiniClusterJobClient(
                      submitted.getJobID(),
                      cluster,
                      userCodeClassLoader,
                      MiniClusterJobClient.JobFinalizationBehavior.NOTHING));
    }
  }
}
