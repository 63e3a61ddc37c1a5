package dev.locus.bench;

import dev.locus.demo.DemoOrigin;
import dev.locus.demo.ServerChoice;
import dev.locus.demo.WorkerProcess;
import dev.locus.files.FileProcessingRequest;
import dev.locus.files.FileProcessingResult;
import dev.locus.session.SessionAttempt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark: a rolling restart of a 3-worker pool mid-run, as a rollout of a new image does it: each worker in turn
 * gets SIGTERM (no drain grace) and starts again under its name and folder before the next one goes. With resume
 * (workers keep their sessions for 5 minutes, workflows wait up to 2 minutes for their worker) and as today (the
 * interrupted sessions re-route and download their input again): origin bytes ÷ input bytes, and wall time.
 *
 * <p>Args: [folder] [files, default 12] [MiB per file, default 24].
 */
public final class RollingRestartBench {
  private static final Duration KEEP_SESSIONS_FOR = Duration.ofMinutes(5);
  private static final long RESUME_WITHIN_MS = Duration.ofMinutes(2).toMillis();

  public static void main(String[] args) throws Exception {
    BenchServers.each(server -> run(args, server));
  }

  private record Outcome(double originRatio, long wallMs, int resumed, int rerouted) {}

  private static void run(String[] args, ServerChoice server) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "bench_fs/rolling-restart");
    int files = args.length > 1 ? Integer.parseInt(args[1]) : 12;
    long size = (args.length > 2 ? Long.parseLong(args[2]) : 24) << 20;
    Outcome today = trial(dir.resolve("today"), server, files, size, false);
    Outcome resume = trial(dir.resolve("resume"), server, files, size, true);
    System.out.printf("%d files of %d MiB on 3 workers x 2 slots, every worker restarted in turn (SIGTERM, no grace)"
        + " from 2 s into the run:%n", files, size >> 20);
    for (var row : List.of(List.of("today", today), List.of("resume", resume))) {
      Outcome o = (Outcome) row.get(1);
      System.out.printf("  %-7s origin bytes / input %.3f, %d session(s) resumed, %d re-routed, %.1f s%n", row.get(0),
          o.originRatio(), o.resumed(), o.rerouted(), o.wallMs() / 1000.0);
    }
    System.out.printf(BenchServers.ratio(server) + "rolling restart, origin bytes / input: resume %.3f vs today %.3f"
        + " (goal: resume 1.00); wall time resume / today %.2f%n", resume.originRatio(), today.originRatio(),
        (double) resume.wallMs() / today.wallMs());
  }

  private static Outcome trial(Path dir, ServerChoice server, int files, long size, boolean resume) throws Exception {
    Duration keep = resume ? KEEP_SESSIONS_FOR : Duration.ZERO;
    try (BenchCluster cluster = new BenchCluster(dir, server);
         DemoOrigin origin = new DemoOrigin(size, 16L << 20)) {
      for (int i = 1; i <= 3; i++) {
        cluster.startWorker("worker-" + i, 2, List.of("-Xmx512m"), Duration.ZERO, keep);
      }
      for (WorkerProcess w : List.copyOf(cluster.workers)) {
        w.awaitReady(Duration.ofSeconds(90));
      }
      long start = System.currentTimeMillis();
      List<CompletableFuture<FileProcessingResult>> results = new ArrayList<>();
      for (int n = 0; n < files; n++) {
        results.add(cluster.locus("rr-" + (resume ? "resume-" : "today-") + n, new FileProcessingRequest(
            origin.fileUrl(n), origin.uploadsUrl(), "gzip", null, resume ? RESUME_WITHIN_MS : null)));
      }
      TimeUnit.SECONDS.sleep(2);
      for (int i = 1; i <= 3; i++) {
        String id = "worker-" + i;
        WorkerProcess old = cluster.workers.stream().filter(w -> w.workerId().equals(id) && w.isAlive())
            .findFirst().orElseThrow();
        old.terminate(Duration.ofSeconds(30));
        cluster.workers.remove(old);
        cluster.startWorker(id, 2, List.of("-Xmx512m"), Duration.ZERO, keep).awaitReady(Duration.ofSeconds(90));
      }
      int resumed = 0;
      int rerouted = 0;
      for (CompletableFuture<FileProcessingResult> r : results) {
        List<SessionAttempt> attempts = r.get(5, TimeUnit.MINUTES).attempts();
        for (int a = 1; a < attempts.size(); a++) {
          if (attempts.get(a).sessionId().equals(attempts.get(a - 1).sessionId())) {
            resumed++;
          } else {
            rerouted++;
          }
        }
      }
      long wall = System.currentTimeMillis() - start;
      return new Outcome((double) origin.bytesServed() / (files * size), wall, resumed, rerouted);
    }
  }
}
