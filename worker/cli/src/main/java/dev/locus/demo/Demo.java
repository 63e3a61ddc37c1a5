package dev.locus.demo;

import dev.locus.files.FileProcessingRequest;
import dev.locus.files.FileProcessingResult;
import dev.locus.files.FileProcessingStatus;
import dev.locus.files.Folders;
import dev.locus.launch.WorkerLaunch;
import dev.locus.session.FailureMessages;
import dev.locus.session.SessionAttempt;
import dev.locus.session.SessionStep;
import dev.locus.temporal.DevServer;
import dev.locus.worker.FileProcessingClient;
import dev.locus.worker.TemporalSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The whole system on one machine: embedded Temporal on loopback, a loopback origin, N worker JVMs with their own
 * folders under the demo directory, M workflows; optionally one worker killed (SIGKILL), terminated (SIGTERM) or
 * killed and started again (its sessions resume) mid-run. Every output is checked against what the origin served and received.
 */
public final class Demo {
  /** With --restart-worker-after: how long workers keep sessions across a restart, and workflows wait for them. */
  static final Duration KEEP_SESSIONS_FOR = Duration.ofMinutes(5);
  static final Duration RESUME_WITHIN = Duration.ofMinutes(1);

  public record Options(int workers, int files, long sizeBytes, Duration killWorkerAfter,
      Duration terminateWorkerAfter, Duration restartWorkerAfter, Path dir, int maxSessions, Duration heartbeatTimeout,
      Duration drainGrace, String transform, boolean progressBar, ServerChoice server, boolean keepServer) {
    public Options {
      if (workers < 1 || files < 1 || sizeBytes < 0 || maxSessions < 1) {
        throw new IllegalArgumentException("--workers, --files and --max-sessions must be at least 1, --size >= 0");
      }
      if (Stream.of(killWorkerAfter, terminateWorkerAfter, restartWorkerAfter).filter(Objects::nonNull).count() > 1) {
        throw new IllegalArgumentException(
            "choose one of --kill-worker-after, --terminate-worker-after and --restart-worker-after");
      }
      if ((killWorkerAfter != null || terminateWorkerAfter != null) && workers < 2) {
        throw new IllegalArgumentException("stopping a worker mid-run needs --workers 2 or more");
      }
    }
  }

  private final Options options;
  private final PrintStream out;

  public Demo(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public DemoReport run() throws IOException, InterruptedException {
    prepare(options.dir());
    try (LocalCluster cluster = LocalCluster.start(options.server(), options.dir(), true, "locus-demo");
         DemoOrigin origin = new DemoOrigin(options.sizeBytes())) {
      DevServer temporal = cluster.temporal();
      out.printf("Temporal (%s) on %s, origin on %s%n", temporal.kind(), temporal.address(), origin.baseUrl());
      temporal.webUi().ifPresent(ui -> out.printf("Web UI: %s/namespaces/default/workflows%n", ui));
      startWorkers(cluster, origin);
      DemoReport report;
      try {
        report = runWorkflows(cluster, origin);
      } finally {
        cluster.stopWorkers();
      }
      if (options.keepServer()) {
        out.printf("%nTemporal stays up on %s%s until you press Ctrl-C%n", temporal.address(),
            temporal.webUi().map(ui -> " (Web UI " + ui + ")").orElse(""));
        new java.util.concurrent.CountDownLatch(1).await();
      }
      return report;
    }
  }

  private void startWorkers(LocalCluster cluster, DemoOrigin origin) throws IOException, InterruptedException {
    for (int i = 1; i <= options.workers(); i++) {
      startWorker(cluster, origin, "worker-" + i);
    }
    cluster.awaitWorkersReady(Duration.ofSeconds(90));
    out.printf("%d workers ready (%d session slots each); logs in %s%n", options.workers(), options.maxSessions(),
        options.dir());
  }

  private WorkerProcess startWorker(LocalCluster cluster, DemoOrigin origin, String id) throws IOException {
    WorkerLaunch launch = new WorkerLaunch().maxSessions(options.maxSessions()).drainGrace(options.drainGrace())
        .allowedSources(origin.baseUrl()).pool("demo");
    if (options.restartWorkerAfter() != null) {
      launch.keepSessionsFor(KEEP_SESSIONS_FOR);
    }
    return cluster.startWorker(id, List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"), launch);
  }

  private DemoReport runWorkflows(LocalCluster cluster, DemoOrigin origin) throws InterruptedException {
    DevServer temporal = cluster.temporal();
    List<WorkerProcess> workers = cluster.workers();
    FileProcessingClient client = cluster.files();
    String run = Long.toString(System.currentTimeMillis(), 36);
    Map<String, Integer> files = new LinkedHashMap<>();
    Map<String, CompletableFuture<FileProcessingResult>> results = new LinkedHashMap<>();
    long started = System.currentTimeMillis();
    for (int n = 0; n < options.files(); n++) {
      String id = "demo-" + run + "-" + n;
      client.start(id, new FileProcessingRequest(origin.fileUrl(n), origin.uploadsUrl(), options.transform(),
          options.heartbeatTimeout().toMillis(),
          options.restartWorkerAfter() == null ? null : RESUME_WITHIN.toMillis()));
      files.put(id, n);
      results.put(id, client.result(id));
    }
    Disruption disruption = await(cluster, origin, results, workers, started);
    long elapsed = System.currentTimeMillis() - started;
    List<DemoReport.Workflow> rows = new ArrayList<>();
    for (Map.Entry<String, CompletableFuture<FileProcessingResult>> e : results.entrySet()) {
      rows.add(row(e.getKey(), files.get(e.getKey()), e.getValue(), origin,
          temporal.workflowPage(TemporalSettings.DEFAULT_NAMESPACE, e.getKey()).orElse(null)));
    }
    DemoReport report = new DemoReport(rows, origin.bytesServed(), options.sizeBytes() * options.files(),
        failovers(rows, results, disruption, client), resumed(results), new DemoReport.Settings(options.workers(),
        options.files(),
            options.sizeBytes(), options.heartbeatTimeout().toMillis(), options.maxSessions(),
            disruption == null ? null : disruption.worker, disruption == null ? null : disruption.atMillis),
        elapsed, rows.stream().flatMap(r -> r.steps().stream()).mapToLong(DemoReport.Step::durationMs).sum(),
        temporal.kind(), temporal.webUi().orElse(null));
    printSummary(report);
    return report;
  }

  private record Disruption(String worker, long atMillis, String signal) {}

  private Disruption await(LocalCluster cluster, DemoOrigin origin,
      Map<String, CompletableFuture<FileProcessingResult>> results, List<WorkerProcess> workers, long started)
      throws InterruptedException {
    Duration after = Stream.of(options.killWorkerAfter(), options.terminateWorkerAfter(),
        options.restartWorkerAfter()).filter(Objects::nonNull).findFirst().orElse(null);
    Disruption disruption = null;
    ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName("workflows").setInitialMax(results.size())
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).setConsumer(
            new me.tongfei.progressbar.ConsoleProgressBarConsumer(out));
    try (ProgressBar bar = options.progressBar() ? builder.build() : null) {
      while (true) {
        long done = results.values().stream().filter(CompletableFuture::isDone).count();
        if (bar != null) {
          bar.stepTo(done);
        }
        if (done == results.size()) {
          break;
        }
        if (after != null && disruption == null && System.currentTimeMillis() - started >= after.toMillis()) {
          disruption = disrupt(cluster, origin, results, workers);
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
    return disruption;
  }

  /**
   * Stops the worker that holds the most workflows with work still ahead of them (downloading or processing); a
   * workflow already uploading would most likely finish before the stop takes effect, leaving nothing to move.
   */
  private Disruption disrupt(LocalCluster cluster, DemoOrigin origin,
      Map<String, CompletableFuture<FileProcessingResult>> results, List<WorkerProcess> workers)
      throws InterruptedException {
    FileProcessingClient client = cluster.files();
    List<FileProcessingStatus> running = results.entrySet().stream().filter(e -> !e.getValue().isDone())
        .map(e -> statusOf(client, e.getKey())).filter(Objects::nonNull)
        .filter(s -> s.worker() != null && !s.step().equals("Done")).toList();
    List<FileProcessingStatus> ahead = running.stream()
        .filter(s -> s.step().equals("Download") || s.step().equals("Process")).toList();
    Map<String, Long> busy = (ahead.isEmpty() ? running : ahead).stream()
        .collect(Collectors.groupingBy(FileProcessingStatus::worker, Collectors.counting()));
    String victim = busy.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
        .orElse(workers.get(0).workerId());
    WorkerProcess process = workers.stream().filter(w -> w.workerId().equals(victim)).findFirst().orElseThrow();
    long at = System.currentTimeMillis();
    boolean kill = options.killWorkerAfter() != null || options.restartWorkerAfter() != null;
    if (kill) {
      process.kill();
    } else {
      process.terminate(Duration.ZERO);
    }
    out.printf("%n%s %s (pid %d) holding %d workflow(s) with work ahead%n",
        kill ? "killed (SIGKILL)" : "terminated (SIGTERM)", victim, process.pid(), busy.getOrDefault(victim, 0L));
    if (options.restartWorkerAfter() != null) {
      try {
        WorkerProcess again = startWorker(cluster, origin, victim);
        out.printf("started %s again (pid %d), same identity and folder%n", victim, again.pid());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot start " + victim + " again", e);
      }
    }
    return new Disruption(victim, at, kill ? "SIGKILL" : "SIGTERM");
  }

  private static FileProcessingStatus statusOf(FileProcessingClient client, String id) {
    try {
      return client.status(id);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static DemoReport.Workflow row(String id, int n, CompletableFuture<FileProcessingResult> future,
      DemoOrigin origin, String webUi) throws InterruptedException {
    FileProcessingResult r;
    try {
      r = future.get();
    } catch (ExecutionException e) {
      return new DemoReport.Workflow(id, "FAILED", 0, null, null, null, null,
          FailureMessages.describe(e), List.of(), List.of(), webUi);
    }
    String expectedInput = origin.sha256(n);
    String uploaded = origin.uploadSha256(Path.of(URI.create(r.output()).getPath()).getFileName().toString());
    String status = !expectedInput.equals(r.inputSha256()) ? "INPUT_CHECKSUM_MISMATCH"
        : !r.sha256().equals(uploaded) ? "OUTPUT_CHECKSUM_MISMATCH" : "COMPLETED";
    List<DemoReport.Attempt> attempts = r.attempts().stream().map(a -> new DemoReport.Attempt(a.number(),
        a.workerId(), a.outcome(), a.message(), steps(a))).toList();
    return new DemoReport.Workflow(id, status, r.attempts().size(), r.worker(), r.sha256(), r.inputSha256(),
        r.output(), null, attempts.get(attempts.size() - 1).steps(), attempts, webUi);
  }

  private static List<DemoReport.Step> steps(SessionAttempt attempt) {
    return attempt.steps().stream().map((SessionStep s) -> new DemoReport.Step(s.activity(), s.workerId(),
        s.endedAtMillis() - s.startedAtMillis())).toList();
  }

  private static List<DemoReport.Failover> failovers(List<DemoReport.Workflow> rows,
      Map<String, CompletableFuture<FileProcessingResult>> results, Disruption disruption,
      FileProcessingClient client) {
    List<DemoReport.Failover> failovers = new ArrayList<>();
    for (DemoReport.Workflow row : rows) {
      if (!results.get(row.id()).isCompletedExceptionally()) {
        List<SessionAttempt> attempts = results.get(row.id()).join().attempts();
        for (int i = 0; i + 1 < attempts.size(); i++) {
          SessionAttempt from = attempts.get(i);
          Long detected = disruption != null && disruption.worker.equals(from.workerId())
              ? from.endedAtMillis() - disruption.atMillis : null;
          failovers.add(new DemoReport.Failover(row.id(), from.workerId(), attempts.get(i + 1).workerId(),
              from.outcome(), detected, client.workflowTaskTimedOutOn(row.id(), from.workerId())));
        }
      }
    }
    return failovers;
  }

  /** The sessions that went on after their worker's restart, with the steps that did not run again. */
  private static List<DemoReport.Resumed> resumed(Map<String, CompletableFuture<FileProcessingResult>> results) {
    List<DemoReport.Resumed> resumed = new ArrayList<>();
    results.forEach((id, result) -> {
      if (!result.isCompletedExceptionally()) {
        for (SessionAttempt a : result.join().attempts()) {
          List<String> kept = a.steps().stream().filter(s -> s.outcome().equals("Resumed"))
              .map(SessionStep::activity).toList();
          if (!kept.isEmpty()) {
            resumed.add(new DemoReport.Resumed(id, a.workerId(), a.sessionId(), kept));
          }
        }
      }
    });
    return resumed;
  }

  private void printSummary(DemoReport report) {
    out.println();
    out.printf("%-22s %-10s %-10s %-8s %s%n", "WORKFLOW", "STATUS", "WORKER", "ATTEMPTS", "OUTPUT SHA-256");
    for (DemoReport.Workflow w : report.workflows()) {
      out.printf("%-22s %-10s %-10s %-8d %s%n", w.id(), w.status(), w.worker() == null ? "-" : w.worker(),
          w.attempts(), w.checksum() == null ? w.error() : w.checksum().substring(0, 16) + "...");
    }
    long completed = report.workflows().stream().filter(w -> w.status().equals("COMPLETED")).count();
    Map<String, Long> perWorker = new TreeMap<>(report.workflows().stream().filter(w -> w.worker() != null)
        .collect(Collectors.groupingBy(DemoReport.Workflow::worker, Collectors.counting())));
    out.printf("%n%d/%d workflows completed and verified in %.1f s (after the workers were up)%n", completed, report.workflows().size(),
        report.elapsedMs() / 1000.0);
    out.printf("work per worker: %s%n", perWorker);
    out.printf("origin served %d bytes for %d bytes of input (%.2fx)%n", report.originBytesServed(),
        report.inputBytes(), report.inputBytes() == 0 ? 0 : (double) report.originBytesServed() / report.inputBytes());
    long slots = (long) options.workers() * options.maxSessions();
    out.printf("activities' own work: %d ms over %d session slots (floor ~%d ms); wall %d ms%n", report.activityMs(),
        slots, report.activityMs() / slots, report.elapsedMs());
    if (report.webUi() != null) {
      out.printf("%nEach workflow in the Web UI (its Download, Process and Upload on one worker's queue):%n");
      report.workflows().forEach(w -> out.printf("  %s%n", w.webUi()));
    }
    for (DemoReport.Resumed r : report.resumed()) {
      out.printf("resumed: %s on %s after its restart, without running again: %s%n", r.workflow(), r.worker(),
          String.join(", ", r.stepsNotRunAgain()));
    }
    for (DemoReport.Failover f : report.failovers()) {
      out.printf("failover: %s %s -> %s (%s)%s%s%n", f.workflow(), f.fromWorker(), f.toWorker(), f.reason(),
          f.detectedAfterMs() == null ? "" : ", detected " + f.detectedAfterMs() + " ms after the worker stopped",
          f.workflowTaskTimedOut() ? ", after the workflow task it held timed out" : "");
    }
  }

  /** Empties the demo folder of a previous run; refuses a folder that does not look like one. */
  private static void prepare(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> children = Files.list(dir)) {
        if (children.map(p -> p.getFileName().toString())
            .anyMatch(name -> !name.startsWith("worker-") && !name.equals(LocalCluster.SERVER_LOG))) {
          throw new IllegalArgumentException(dir + " holds files other than a previous demo's; choose another --dir");
        }
      }
      Folders.deleteTree(dir);
    }
  }


}
