package dev.streamml.flinkpatch;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.ObjectStreamClass;
import java.net.URL;
import java.net.URLClassLoader;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.runners.flink.translation.wrappers.streaming.DoFnOperator;
import org.junit.Test;

/** The patch is the class in use, matches the Beam on the classpath, and serialises as Beam's. */
public class FlinkRunnerPatchTest {

  @Test
  public void patchedOperatorComesFirstOnTheClasspath() {
    assertTrue(FlinkRunnerPatch.isApplied());
    assertThat(FlinkRunnerPatch.describe(), containsString("applied (watermark forwarded"));
  }

  /** Fails when Beam is upgraded: the patched copy must then be made again from the new release. */
  @Test
  public void patchIsForTheBeamReleaseInUse() {
    assertTrue(FlinkRunnerPatch.describe(), FlinkRunnerPatch.matchesBeamVersion());
  }

  /**
   * Flink ships the operator to the TaskManagers Java-serialised: a client with Beam's class and a
   * cluster with the patched one (or the other way round) must agree on the class's version.
   */
  @Test
  public void patchedOperatorSerialisesLikeBeams() throws Exception {
    URL beamRunnerJar = FlinkRunner.class.getProtectionDomain().getCodeSource().getLocation();
    URL patchClasses = DoFnOperator.class.getProtectionDomain().getCodeSource().getLocation();
    assertNotEquals("the patch must not be Beam's own jar", beamRunnerJar, patchClasses);

    try (OperatorFromJarFirst beams =
        new OperatorFromJarFirst(beamRunnerJar, FlinkRunnerPatchTest.class.getClassLoader())) {
      Class<?> stock = beams.loadClass(FlinkRunnerPatch.OPERATOR_CLASS);
      assertEquals(beamRunnerJar, stock.getProtectionDomain().getCodeSource().getLocation());
      assertThrowsNoSuchMethod(stock);
      assertEquals(
          ObjectStreamClass.lookup(stock).getSerialVersionUID(),
          ObjectStreamClass.lookup(DoFnOperator.class).getSerialVersionUID());
    }
  }

  private static void assertThrowsNoSuchMethod(Class<?> stock) {
    try {
      stock.getDeclaredMethod(FlinkRunnerPatch.PATCH_MARKER_METHOD);
      throw new AssertionError("Beam's own DoFnOperator has the patch's method: loaded the wrong one");
    } catch (NoSuchMethodException expected) {
      // Beam's class, as intended.
    }
  }

  /** Loads DoFnOperator and its nested classes from one jar, everything else from the parent. */
  private static final class OperatorFromJarFirst extends URLClassLoader {
    OperatorFromJarFirst(URL jar, ClassLoader parent) {
      super(new URL[] {jar}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(FlinkRunnerPatch.OPERATOR_CLASS)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        return loaded != null ? loaded : findClass(name);
      }
    }
  }
}
