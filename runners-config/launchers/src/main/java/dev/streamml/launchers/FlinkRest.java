package dev.streamml.launchers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few calls of a Flink JobManager's REST API that streamml needs: cluster overview, jobs and
 * their state, cancel, stop with a savepoint, checkpoint counts. JDK only (this package must bring
 * no library), so the answers are read with patterns over Flink's flat JSON fields rather than a
 * JSON parser.
 *
 * <pre>{@code
 * FlinkRest rest = FlinkRest.at("127.0.0.1:8081");
 * rest.taskManagers();                               // 2
 * String job = rest.runningJobs().get(0);
 * String savepoint = rest.stopWithSavepoint(job, Duration.ofMinutes(2));   // file:/.../savepoint-...
 * }</pre>
 */
public final class FlinkRest {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern JOB =
      Pattern.compile("\"jid\"\\s*:\\s*\"([0-9a-f]{32})\"[^}]*?\"state\"\\s*:\\s*\"([A-Z_]+)\"");

  private final String address;
  private final HttpClient http;

  private FlinkRest(String address) {
    this.address = address;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The REST endpoint at {@code host:port}. */
  public static FlinkRest at(String hostAndPort) {
    if (hostAndPort == null || !hostAndPort.matches("[^:/\\s]+:[0-9]{1,5}")) {
      throw new IllegalArgumentException("expected host:port, got: " + hostAndPort);
    }
    return new FlinkRest(hostAndPort);
  }

  /** {@code host:port} of this endpoint. */
  public String address() {
    return address;
  }

  /** Whether the REST endpoint answers {@code /overview} now. */
  public boolean isUp() {
    try {
      get("/overview");
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Registered TaskManagers, from {@code /overview}. */
  public int taskManagers() {
    return (int) number(get("/overview"), "taskmanagers");
  }

  /** Free task slots, from {@code /overview}. */
  public int slotsAvailable() {
    return (int) number(get("/overview"), "slots-available");
  }

  /** Every job the cluster knows, id to state (RUNNING, FINISHED, CANCELED, RESTARTING...). */
  public Map<String, String> jobs() {
    Map<String, String> jobs = new LinkedHashMap<>();
    Matcher m = JOB.matcher(get("/jobs/overview"));
    while (m.find()) {
      jobs.put(m.group(1), m.group(2));
    }
    return jobs;
  }

  /** The id of the job named {@code name} that is not finished, failed or cancelled, if any. */
  public Optional<String> activeJobNamed(String name) {
    Matcher m =
        Pattern.compile(
                "\"jid\"\\s*:\\s*\"([0-9a-f]{32})\"\\s*,\\s*\"name\"\\s*:\\s*\""
                    + Pattern.quote(name) + "\"[^}]*?\"state\"\\s*:\\s*\"([A-Z_]+)\"")
            .matcher(get("/jobs/overview"));
    while (m.find()) {
      String state = m.group(2);
      if (!state.equals("FINISHED") && !state.equals("FAILED") && !state.equals("CANCELED")) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  /** Ids of the jobs that are neither finished, failed nor cancelled. */
  public List<String> runningJobs() {
    List<String> running = new ArrayList<>();
    jobs().forEach(
        (id, state) -> {
          if (!state.equals("FINISHED") && !state.equals("FAILED") && !state.equals("CANCELED")) {
            running.add(id);
          }
        });
    return running;
  }

  /** The state of one job, e.g. RUNNING or RESTARTING. */
  public String jobState(String jobId) {
    return text(get("/jobs/" + jobId), "state").orElse("UNKNOWN");
  }

  /** Completed checkpoints of a job so far (0 before the first). */
  public long completedCheckpoints(String jobId) {
    return number(get("/jobs/" + jobId + "/checkpoints"), "completed");
  }

  /** How often a job was restored from a checkpoint (once per failover with state). */
  public long restoredCheckpoints(String jobId) {
    return number(get("/jobs/" + jobId + "/checkpoints"), "restored");
  }

  /** Cancels a job ({@code PATCH /jobs/<id>?mode=cancel}); returns at once. */
  public void cancel(String jobId) {
    send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
        .method("PATCH", HttpRequest.BodyPublishers.noBody()));
  }

  /**
   * Stops a job with a savepoint (no drain: windows and timers stay in the savepoint instead of
   * firing) into the cluster's {@code state.savepoints.dir}, and waits for it.
   *
   * @return the savepoint's location, for {@code --savepointPath}
   * @throws IllegalStateException if the savepoint fails or takes longer than {@code timeout}
   */
  public String stopWithSavepoint(String jobId, Duration timeout) {
    String trigger =
        send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "/stop"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"drain\": false}")));
    String requestId =
        text(trigger, "request-id")
            .orElseThrow(() -> new IllegalStateException("no request-id in answer: " + trigger));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String status = get("/jobs/" + jobId + "/savepoints/" + requestId);
      if (status.contains("\"COMPLETED\"")) {
        Optional<String> location = text(status, "location");
        if (location.isPresent()) {
          return location.get();
        }
        throw new IllegalStateException("savepoint of job " + jobId + " failed: " + status);
      }
      sleep(500);
    }
    throw new IllegalStateException(
        "savepoint of job " + jobId + " not done within " + timeout.toSeconds() + " s");
  }

  /** A GET of {@code path}; the body of a 2xx answer. */
  public String get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  private String send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.timeout(CALL_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "Flink REST " + response.request().method() + " " + response.uri() + " answered "
                + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException("Flink REST at " + address + " unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted calling Flink REST", e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://" + address + path);
  }

  static long number(String json, String field) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*(-?[0-9]+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no number field '" + field + "' in: " + json);
    }
    return Long.parseLong(m.group(1));
  }

  static Optional<String> text(String json, String field) {
    Matcher m =
        Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
            .matcher(json);
    return m.find() ? Optional.of(m.group(1).replace("\\/", "/")) : Optional.empty();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
