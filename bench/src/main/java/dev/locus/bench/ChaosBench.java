package dev.locus.bench;

import com.google.protobuf.util.Timestamps;
import dev.locus.demo.DemoOrigin;
import dev.locus.demo.ServerChoice;
import dev.locus.demo.WorkerProcess;
import dev.locus.files.FileProcessingRequest;
import dev.locus.files.FileProcessingResult;
import dev.locus.files.FileProcessingStatus;
import dev.locus.session.FailureMessages;
import dev.locus.session.SessionAttempt;
import io.temporal.api.history.v1.ActivityTaskScheduledEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Chaos: workers of the multi-process system stopped again and again, at chosen moments of the step sequence
 * (during download, between steps, during process, during upload, during close), by SIGKILL, by SIGTERM with no
 * drain grace and by SIGTERM with a grace longer than a step; each stopped worker comes back under the same name, as
 * a StatefulSet pod does. Every workflow must complete with its output verified against what the origin served.
 * The moment a stop really hit is read afterwards from the attempts of the workflows that worker held.
 *
 * <p>{@code ChaosBench DIR [STOPS]} prints {@code RATIO lost/started} per stop kind and the moments hit.
 */
public final class ChaosBench {
  public enum Kind {
    SIGKILL("SIGKILL"), SIGTERM_NO_GRACE("SIGTERM grace 0s"), SIGTERM_GRACE("SIGTERM grace 5s");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** Where in its session the stopped worker was aimed at. */
  public enum Moment { DOWNLOAD, BETWEEN_STEPS, PROCESS, UPLOAD, CLOSE }

  public record Options(Path dir, int stops, int workers, int maxSessions, long sizeBytes, long originBytesPerSecond,
      long seed, ServerChoice server) {
    public static Options of(Path dir, int stops, ServerChoice server) {
      return new Options(dir, stops, 3, 2, 8L << 20, 16L << 20, 42, server);
    }
  }

  /** One stop: its kind, the moment aimed at, and the moments it hit in the sessions the worker held. */
  public record Stop(Kind kind, Moment aimedAt, String worker, long atMillis, List<String> hit) {}

  public record Report(int started, int completed, List<String> lost, List<Stop> stops,
      Map<Kind, int[]> startedAndLostByKind, Map<String, Integer> momentsHit) {}

  private static final Duration GRACE = Duration.ofSeconds(5);
  /** The session's release activity, which closing runs on the worker's queue. */
  private static final String RELEASE = "LocusSessionRelease";
  private static final long CLOSING_MILLIS = 5000;
  private static final Duration WORKFLOW_DEADLINE = Duration.ofMinutes(3);

  private final Options options;
  private final Random random;
  private final Map<String, String> workflowOfFile = new ConcurrentHashMap<>();
  private final Map<String, String> workerOf = new ConcurrentHashMap<>();
  private final Map<String, Duration> graceOf = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<DemoOrigin.Event> events = new LinkedBlockingQueue<>();

  public ChaosBench(Options options) {
    this.options = options;
    this.random = new Random(options.seed());
  }

  public static void main(String[] args) throws Exception {
    BenchServers.each(server -> main(args, server));
  }

  private static void main(String[] args, ServerChoice server) throws Exception {
    int stops = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Report r = new ChaosBench(Options.of(Path.of(args.length > 0 ? args[0] : "bench_fs/chaos"), stops, server)).run();
    System.out.printf("%d stops, %d workflows started, %d completed and verified%n", r.stops().size(), r.started(),
        r.completed());
    r.startedAndLostByKind().forEach((kind, counts) -> System.out.printf(
        BenchServers.ratio(server) + "lost/started %s: %d/%d (stops: %d)%n", kind.label, counts[1], counts[0],
        r.stops().stream().filter(s -> s.kind() == kind).count()));
    System.out.println("moments hit (sessions of the stopped worker at the stop): " + r.momentsHit());
    if (!r.lost().isEmpty()) {
      System.out.println("lost: " + r.lost());
      System.exit(1);
    }
  }

  public Report run() throws Exception {
    try (BenchCluster cluster = new BenchCluster(options.dir(), options.server());
         DemoOrigin origin = new DemoOrigin(options.sizeBytes(), options.originBytesPerSecond())) {
      origin.onEvent(e -> {
        events.add(e);
        String workflow = workflowOf(e.file());
        if (workflow != null && (e.kind() == DemoOrigin.Event.Kind.DOWNLOAD_STARTED
            || e.kind() == DemoOrigin.Event.Kind.UPLOAD_STARTED)) {
          // Who holds the workflow now, learnt while the transfer runs, so a stop at its end need not ask.
          CompletableFuture.runAsync(() -> learnWorker(cluster, workflow));
        }
      });
      for (int i = 1; i <= options.workers(); i++) {
        start(cluster, "worker-" + i, i % 2 == 0 ? GRACE : Duration.ZERO);
      }
      for (WorkerProcess w : cluster.workers) {
        w.awaitReady(Duration.ofSeconds(90));
      }
      Map<String, CompletableFuture<FileProcessingResult>> results = new LinkedHashMap<>();
      Map<String, Integer> files = new LinkedHashMap<>();
      List<Stop> stops = new ArrayList<>();
      String run = Long.toString(System.currentTimeMillis(), 36);
      int inFlight = options.workers() * options.maxSessions();
      Map<Kind, Integer> kindCounts = new EnumMap<>(Kind.class);
      for (int s = 0; stops.size() < options.stops() && s < options.stops() * 3; s++) {
        while (results.values().stream().filter(f -> !f.isDone()).count() < inFlight) {
          int n = files.size();
          String id = "chaos-" + run + "-" + n;
          files.put(id, n);
          workflowOfFile.put(n + ".bin", id);
          results.put(id, cluster.locus(id, new FileProcessingRequest(origin.fileUrl(n), origin.uploadsUrl(),
              "gzip", null)));
        }
        Moment aim = Moment.values()[s % Moment.values().length];
        Target target = awaitTarget(cluster, aim);
        if (target == null) {
          continue;
        }
        Duration grace = graceOf.get(target.worker);
        Kind sigterm = grace.isZero() ? Kind.SIGTERM_NO_GRACE : Kind.SIGTERM_GRACE;
        Kind kind = kindCounts.getOrDefault(Kind.SIGKILL, 0) <= kindCounts.getOrDefault(sigterm, 0)
            ? Kind.SIGKILL : sigterm;
        kindCounts.merge(kind, 1, Integer::sum);
        stops.add(stop(cluster, target, kind, aim));
      }
      for (CompletableFuture<FileProcessingResult> f : results.values()) {
        try {
          f.get(WORKFLOW_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
          // counted as lost below
        }
      }
      return report(cluster.client, results, files, stops, origin);
    }
  }

  private record Target(String worker, String workflow) {}

  /** Waits for a workflow to reach {@code aim} on a live worker; null if none did within 20 s. */
  private Target awaitTarget(BenchCluster cluster, Moment aim) throws InterruptedException {
    events.clear();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      DemoOrigin.Event e = events.poll(100, TimeUnit.MILLISECONDS);
      if (e == null || e.kind() != triggerOf(aim)) {
        continue;
      }
      String workflow = workflowOf(e.file());
      if (workflow != null && !workerOf.containsKey(workflow)) {
        learnWorker(cluster, workflow);
      }
      String worker = workflow == null ? null : workerOf.get(workflow);
      if (worker == null || cluster.workers.stream().noneMatch(w -> w.workerId().equals(worker) && w.isAlive())) {
        continue;
      }
      long delay = switch (aim) {
        case DOWNLOAD, UPLOAD -> transferMillis() / 4 + random.nextInt((int) Math.max(1, transferMillis() / 2));
        case PROCESS -> 80 + random.nextInt(60);
        case BETWEEN_STEPS -> 10 + random.nextInt(50);
        case CLOSE -> 30 + random.nextInt(90);
      };
      TimeUnit.MILLISECONDS.sleep(delay);
      return new Target(worker, workflow);
    }
    return null;
  }

  private static DemoOrigin.Event.Kind triggerOf(Moment aim) {
    return switch (aim) {
      case DOWNLOAD -> DemoOrigin.Event.Kind.DOWNLOAD_STARTED;
      case BETWEEN_STEPS, PROCESS -> DemoOrigin.Event.Kind.DOWNLOAD_FINISHED;
      case UPLOAD -> DemoOrigin.Event.Kind.UPLOAD_STARTED;
      case CLOSE -> DemoOrigin.Event.Kind.UPLOAD_FINISHED;
    };
  }

  private long transferMillis() {
    return options.originBytesPerSecond() <= 0 ? 50 : options.sizeBytes() * 1000 / options.originBytesPerSecond();
  }

  private Stop stop(BenchCluster cluster, Target target, Kind kind, Moment aim) throws Exception {
    WorkerProcess process = cluster.workers.stream()
        .filter(w -> w.workerId().equals(target.worker) && w.isAlive()).findFirst().orElseThrow();
    long at = System.currentTimeMillis();
    if (kind == Kind.SIGKILL) {
      process.kill();
    } else if (!process.terminate(GRACE.plusSeconds(30))) {
      throw new IllegalStateException(target.worker + " did not exit within its drain grace + 30 s; see "
          + process.log());
    }
    cluster.workers.remove(process);
    // Back under the same name, now with the grace the next SIGTERM of it should test.
    Duration grace = random.nextBoolean() ? GRACE : Duration.ZERO;
    start(cluster, target.worker, grace).awaitReady(Duration.ofSeconds(90));
    return new Stop(kind, aim, target.worker, at, new ArrayList<>());
  }

  private WorkerProcess start(BenchCluster cluster, String id, Duration grace) throws java.io.IOException {
    graceOf.put(id, grace);
    return cluster.startWorker(id, options.maxSessions(), List.of("-Xmx256m", "-XX:+UseSerialGC"), grace);
  }

  private void learnWorker(BenchCluster cluster, String workflow) {
    try {
      FileProcessingStatus status = cluster.files.status(workflow);
      if (status.worker() != null) {
        workerOf.put(workflow, status.worker());
      }
    } catch (RuntimeException e) {
      // the workflow's worker is being stopped or it has just ended: nothing to learn
    }
  }

  private String workflowOf(String file) {
    String workflow = workflowOfFile.get(file);
    if (workflow != null) {
      return workflow;
    }
    // uploads are named after the workflow: <workflowId>.gz
    return file.endsWith(".gz") ? file.substring(0, file.length() - 3) : null;
  }

  private static Report report(WorkflowClient client, Map<String, CompletableFuture<FileProcessingResult>> results,
      Map<String, Integer> files, List<Stop> stops, DemoOrigin origin) {
    List<String> lost = new ArrayList<>();
    Map<Kind, int[]> byKind = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      byKind.put(k, new int[2]);
    }
    Map<String, Integer> moments = new TreeMap<>();
    int completed = 0;
    for (Map.Entry<String, CompletableFuture<FileProcessingResult>> e : results.entrySet()) {
      String id = e.getKey();
      FileProcessingResult r;
      try {
        r = e.getValue().getNow(null);
      } catch (RuntimeException failed) {
        lost.add(id + ": " + FailureMessages.describe(failed));
        r = null;
      }
      if (r == null && !e.getValue().isCompletedExceptionally()) {
        lost.add(id + ": not finished within " + WORKFLOW_DEADLINE);
      }
      if (r == null) {
        chargeEveryKind(byKind, stops);
        continue;
      }
      String problem = verify(r, files.get(id), origin);
      if (problem != null) {
        lost.add(id + ": " + problem);
        chargeEveryKind(byKind, stops);
        continue;
      }
      completed++;
      java.util.Set<Kind> affectedBy = java.util.EnumSet.noneOf(Kind.class);
      List<HistoryEvent> history = null;
      for (Stop stop : stops) {
        for (SessionAttempt attempt : r.attempts()) {
          // The attempt ends in workflow time before its session is released: allow for closing after it.
          if (!stop.worker().equals(attempt.workerId()) || stop.atMillis() < attempt.startedAtMillis()
              || stop.atMillis() > attempt.endedAtMillis() + CLOSING_MILLIS) {
            continue;
          }
          history = history != null ? history : client.fetchHistory(id).getEvents();
          String hit = momentHit(history, BenchCluster.SHARED_QUEUE + "-" + stop.worker(), attempt, stop.atMillis());
          if (hit == null) {
            continue;
          }
          stop.hit().add(hit);
          moments.merge(hit, 1, Integer::sum);
          affectedBy.add(stop.kind());
        }
      }
      affectedBy.forEach(k -> byKind.get(k)[0]++);
    }
    return new Report(results.size(), completed, lost, stops, byKind, moments);
  }

  /** A lost workflow's attempts are unknown: it counts as started and lost under every kind of stop. */
  private static void chargeEveryKind(Map<Kind, int[]> byKind, List<Stop> stops) {
    stops.stream().map(Stop::kind).distinct().forEach(k -> {
      byKind.get(k)[0]++;
      byKind.get(k)[1]++;
    });
  }

  private static String verify(FileProcessingResult r, int n, DemoOrigin origin) {
    if (!origin.sha256(n).equals(r.inputSha256())) {
      return "input checksum differs from the origin's";
    }
    String uploaded = origin.uploadSha256(Path.of(java.net.URI.create(r.output()).getPath()).getFileName().toString());
    if (!r.sha256().equals(uploaded)) {
      return "output checksum differs from what the origin received";
    }
    return null;
  }

  /**
   * Where {@code attempt} was at {@code atMillis}, from the history's own event times on the worker's queue: in a
   * step (scheduled, not yet closed), between two steps (one closed, the next not yet scheduled), closing (the last
   * step closed, the session not yet released) or opening (no step scheduled yet); null once it was released.
   */
  static String momentHit(List<HistoryEvent> history, String workerQueue, SessionAttempt attempt, long atMillis) {
    Map<Long, String> scheduled = new LinkedHashMap<>();
    Map<Long, long[]> window = new LinkedHashMap<>();
    for (HistoryEvent e : history) {
      long time = Timestamps.toMillis(e.getEventTime());
      if (e.hasActivityTaskScheduledEventAttributes()) {
        ActivityTaskScheduledEventAttributes a = e.getActivityTaskScheduledEventAttributes();
        if (a.getTaskQueue().getName().equals(workerQueue) && time >= attempt.startedAtMillis() - 1000
            && time <= attempt.endedAtMillis() + CLOSING_MILLIS) {
          scheduled.put(e.getEventId(), a.getActivityType().getName());
          window.put(e.getEventId(), new long[] {time, Long.MAX_VALUE});
        }
      }
      long closedSchedule = e.hasActivityTaskCompletedEventAttributes()
          ? e.getActivityTaskCompletedEventAttributes().getScheduledEventId()
          : e.hasActivityTaskFailedEventAttributes() ? e.getActivityTaskFailedEventAttributes().getScheduledEventId()
          : e.hasActivityTaskTimedOutEventAttributes()
              ? e.getActivityTaskTimedOutEventAttributes().getScheduledEventId() : -1;
      if (window.containsKey(closedSchedule)) {
        window.get(closedSchedule)[1] = time;
      }
    }
    String last = null;
    for (Map.Entry<Long, long[]> step : window.entrySet()) {
      String type = scheduled.get(step.getKey());
      if (atMillis < step.getValue()[0]) {
        return last == null ? "opening" : "between steps";
      }
      if (atMillis <= step.getValue()[1]) {
        return type.equals(RELEASE) ? "during close" : "during " + type.toLowerCase();
      }
      last = type;
    }
    return last == null ? "opening" : last.equals("Upload") ? "during close"
        : last.equals(RELEASE) ? null : "between steps";
  }
}
