package dev.locus.bench;

import dev.locus.demo.DemoOrigin;
import dev.locus.demo.ServerChoice;
import dev.locus.demo.WorkerProcess;
import dev.locus.files.FileProcessingRequest;
import dev.locus.files.FileProcessingResult;
import dev.locus.files.FileProcessingStatus;
import dev.locus.session.SessionAttempt;
import dev.locus.session.SessionOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 3, failover: a worker holding a session mid-step gets kill -9 (or SIGTERM with no grace); measured from
 * that moment to the failure being seen by the workflow, and to the work's first step starting on another worker.
 * The stopped worker comes back under the same name (a StatefulSet pod restart) before the next trial.
 */
public final class FailoverBench {
  public static void main(String[] args) throws Exception {
    BenchServers.each(server -> run(args, server));
  }

  private static void run(String[] args, ServerChoice server) throws Exception {
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    long heartbeatTimeout = SessionOptions.DEFAULT_HEARTBEAT_TIMEOUT.toMillis();
    try (BenchCluster cluster = new BenchCluster(Path.of(args.length > 0 ? args[0] : "bench_fs/failover"), server);
         DemoOrigin origin = new DemoOrigin(128L << 20)) {
      cluster.startWorkers(3, 1);
      for (String signal : List.of("SIGKILL", "SIGTERM")) {
        List<Long> detected = new ArrayList<>();
        List<Long> moved = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
          long[] r = trial(cluster, origin, signal, signal + "-" + t);
          detected.add(r[0]);
          moved.add(r[1]);
        }
        System.out.printf("%s, %d trials, session heartbeat timeout %d ms:%n", signal, trials, heartbeatTimeout);
        System.out.printf("  failure seen by the workflow: median %d ms, max %d ms%n", Stats.median(detected),
            Stats.max(detected));
        System.out.printf("  work running on another worker: median %d ms, max %d ms%n", Stats.median(moved),
            Stats.max(moved));
        System.out.printf(BenchServers.ratio(server) + "%s work-moved median / heartbeat timeout: %.2f (max %.2f)%n", signal,
            (double) Stats.median(moved) / heartbeatTimeout, (double) Stats.max(moved) / heartbeatTimeout);
      }
    }
  }

  /** Returns {ms to detection, ms to the first step on another worker}. */
  private static long[] trial(BenchCluster cluster, DemoOrigin origin, String signal, String id) throws Exception {
    CompletableFuture<FileProcessingResult> result =
        cluster.locus("fo-" + id, new FileProcessingRequest(origin.fileUrl(0), origin.uploadsUrl(), "gzip", null));
    String holder = null;
    long deadline = System.currentTimeMillis() + 30_000;
    while (holder == null && System.currentTimeMillis() < deadline) {
      FileProcessingStatus status = cluster.files.status("fo-" + id);
      if (status.worker() != null && !status.step().equals("Download")) {
        holder = status.worker();
      } else {
        TimeUnit.MILLISECONDS.sleep(20);
      }
    }
    if (holder == null) {
      throw new IllegalStateException("trial " + id + ": no worker took the session in 30 s");
    }
    String victim = holder;
    WorkerProcess process = cluster.workers.stream().filter(w -> w.workerId().equals(victim) && w.isAlive())
        .findFirst().orElseThrow();
    long at = System.currentTimeMillis();
    if (signal.equals("SIGKILL")) {
      process.kill();
    } else {
      process.terminate(Duration.ofSeconds(30));
    }
    FileProcessingResult r = result.get(2, TimeUnit.MINUTES);
    cluster.workers.remove(process);
    cluster.startWorker(victim, 1, List.of("-Xmx512m")).awaitReady(Duration.ofSeconds(90));
    SessionAttempt first = r.attempts().get(0);
    SessionAttempt next = r.attempts().get(1);
    if (!first.workerId().equals(victim) || next.workerId().equals(victim)) {
      throw new IllegalStateException("trial " + id + ": unexpected attempts " + r.attempts());
    }
    return new long[] {first.endedAtMillis() - at, next.steps().get(0).startedAtMillis() - at};
  }
}
