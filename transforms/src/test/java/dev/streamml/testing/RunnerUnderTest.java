package dev.streamml.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.TestPipeline;
import org.junit.Assume;

/**
 * The runners every TestStream suite runs on, and how to build a {@link TestPipeline} for each.
 * Runner choice stays in tests: transforms never name a runner.
 *
 * <p>A shared suite takes the runner in its constructor and builds its rule from it; concrete
 * classes per runner are one line each:
 *
 * <pre>{@code
 * public abstract class FooScenarios {
 *   @Rule public final transient TestPipeline pipeline;
 *   private final RunnerUnderTest runner;
 *
 *   protected FooScenarios(RunnerUnderTest runner) {
 *     this.runner = runner;
 *     this.pipeline = runner.newPipeline();
 *   }
 *
 *   @Test
 *   public void earlyPaneAfterProcessingTime() {
 *     runner.assumeCanAdvanceProcessingTime();
 *     ...
 *   }
 * }
 *
 * public class FooFlinkTest extends FooScenarios {
 *   public FooFlinkTest() { super(RunnerUnderTest.FLINK); }
 * }
 * }</pre>
 */
public enum RunnerUnderTest {
  /** Beam's Direct runner; it checks immutability and encodability of every element. */
  DIRECT(true, "--runner=DirectRunner"),

  /**
   * Flink 1.19 embedded, streaming, on one mini-cluster shared by every Flink pipeline of the test
   * JVM ({@code --flinkMaster=[auto]}, see {@link SharedFlinkCluster}); {@code [local]} would start
   * a cluster per pipeline, seconds each.
   *
   * <p>Two settings keep a TestStream's order of elements and watermarks intact down the pipeline,
   * so that an element the test sends after {@code advanceWatermarkTo} is late at every step:
   *
   * <ul>
   *   <li>parallelism 1: a step's watermark is the minimum over its input channels, and with two
   *       upstream subtasks an element can overtake the other channel's watermark (each channel
   *       flushes its network buffer on its own), so it arrives on time where the test meant it
   *       late. Pass {@code --parallelism=2} to {@link #newPipeline} for a test about key
   *       distribution rather than event-time order;
   *   <li>bundles of one element: a Flink DoFn operator does not emit a watermark while a bundle is
   *       open (by default up to 1000 elements or 1 s), so an element processed after a watermark
   *       can leave the step before it.
   * </ul>
   */
  FLINK(
      false,
      "--runner=FlinkRunner",
      "--flinkMaster=[auto]",
      "--streaming=true",
      "--attachedMode=true",
      "--parallelism=1",
      "--maxBundleSize=1") {
    @Override
    void prepare() {
      SharedFlinkCluster.ensureStarted();
    }
  };

  /** Why a scenario that advances processing time is skipped on Flink. */
  public static final String NO_PROCESSING_TIME_IN_TEST_STREAM =
      "the Flink runner's TestStream cannot advance processing time (\"Advancing Processing time is"
          + " not supported by the Flink Runner\"); processing-time scenarios run on the Direct"
          + " runner";

  private final boolean canAdvanceProcessingTime;
  private final List<String> args;

  RunnerUnderTest(boolean canAdvanceProcessingTime, String... args) {
    this.canAdvanceProcessingTime = canAdvanceProcessingTime;
    this.args = Collections.unmodifiableList(Arrays.asList(args));
  }

  /** Starts what the runner needs before a pipeline runs on it. */
  void prepare() {}

  /** The runner's options, with {@code extraArgs} ({@code --name=value}) added or overriding. */
  public PipelineOptions options(String... extraArgs) {
    prepare();
    List<String> all = new ArrayList<>();
    for (String arg : args) {
      if (Arrays.stream(extraArgs).noneMatch(extra -> optionName(extra).equals(optionName(arg)))) {
        all.add(arg);
      }
    }
    all.addAll(Arrays.asList(extraArgs));
    return PipelineOptionsFactory.fromArgs(all.toArray(new String[0])).create();
  }

  private static String optionName(String arg) {
    int equals = arg.indexOf('=');
    return equals < 0 ? arg : arg.substring(0, equals);
  }

  /** A {@link TestPipeline} rule on this runner. */
  public TestPipeline newPipeline(String... extraArgs) {
    return TestPipeline.fromOptions(options(extraArgs));
  }

  /** Whether {@code TestStream.Builder.advanceProcessingTime} works on this runner. */
  public boolean canAdvanceProcessingTime() {
    return canAdvanceProcessingTime;
  }

  /** Skips the calling test, saying why, unless this runner can advance processing time. */
  public void assumeCanAdvanceProcessingTime() {
    Assume.assumeTrue(
        name() + ": " + NO_PROCESSING_TIME_IN_TEST_STREAM, canAdvanceProcessingTime);
  }
}
