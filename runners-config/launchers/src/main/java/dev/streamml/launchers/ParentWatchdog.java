package dev.streamml.launchers;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point that runs another {@code main} in a child JVM and ends that JVM as soon as the parent
 * process dies, however it dies.
 *
 * <p>A shutdown hook in the parent covers a normal exit, Ctrl-C and SIGTERM, but not {@code kill
 * -9} or {@code Runtime.halt} (which Maven's test forks use when Maven goes away). What survives
 * any parent death is the kernel closing the parent's end of the child's stdin pipe, so this class
 * watches stdin: at end-of-file it calls {@link System#exit}, which runs the wrapped program's own
 * shutdown hooks (Kafka shuts down cleanly), and halts after {@value #HALT_AFTER_MS} ms if they
 * hang.
 *
 * <p>{@link LocalKafkaBroker} copies this one class file into the broker's data folder and puts it
 * on the broker's classpath, so it works whether the launchers are a folder, a jar or part of a
 * fat jar. It must therefore stay self-contained: JDK types only, no nested or anonymous classes
 * (lambdas are fine, they compile into this class file).
 *
 * <pre>{@code
 * java -cp '<kafka lib>/*:<folder with this class>' dev.streamml.launchers.ParentWatchdog \
 *     kafka.Kafka server.properties        # stdin must be a pipe the parent keeps open
 * }</pre>
 */
public final class ParentWatchdog {

  static final long HALT_AFTER_MS = 20_000;

  private ParentWatchdog() {}

  /**
   * Starts the watchdog, then runs {@code args[0]}'s {@code main} with the remaining arguments.
   *
   * @param args the main class to run, then its arguments
   */
  public static void main(String[] args) throws Throwable {
    if (args.length == 0) {
      System.err.println("usage: ParentWatchdog <main class> [args...]");
      System.exit(2);
    }
    Thread watcher = new Thread(() -> watch(System.in), "streamml-parent-watchdog");
    watcher.setDaemon(true);
    watcher.start();

    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void watch(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // The parent never writes; anything it might send is ignored. Only EOF matters.
      }
    } catch (IOException e) {
      // A broken pipe means the same as EOF: the parent is gone.
    }
    System.err.println("[streamml-parent-watchdog] parent process gone (stdin closed); exiting");
    Thread halter =
        new Thread(
            () -> {
              try {
                Thread.sleep(HALT_AFTER_MS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(1);
            },
            "streamml-parent-watchdog-halt");
    halter.setDaemon(true);
    halter.start();
    System.exit(1);
  }
}
