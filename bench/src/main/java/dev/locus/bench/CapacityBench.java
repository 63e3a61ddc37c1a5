package dev.locus.bench;

import dev.locus.demo.DemoOrigin;
import dev.locus.demo.ServerChoice;
import dev.locus.demo.WorkerProcess;
import dev.locus.files.FileProcessingRequest;
import dev.locus.files.FileProcessingResult;
import dev.locus.session.SessionStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Benchmark 5, capacity: 4 workers with maxConcurrentSessions = 2, 40 workflows at once. The most sessions any
 * worker ever held (from /metrics sampled every 50 ms, and from the workflows' own step times) and the spread.
 */
public final class CapacityBench {
  private static final int WORKERS = 4;
  private static final int MAX_SESSIONS = 2;
  private static final int WORKFLOWS = 40;

  public static void main(String[] args) throws Exception {
    BenchServers.each(server -> run(args, server));
  }

  private static void run(String[] args, ServerChoice server) throws Exception {
    try (BenchCluster cluster = new BenchCluster(Path.of(args.length > 0 ? args[0] : "bench_fs/capacity"), server);
         DemoOrigin origin = new DemoOrigin(16L << 20)) {
      cluster.startWorkers(WORKERS, MAX_SESSIONS);
      Map<String, Integer> sampledPeak = new ConcurrentHashMap<>();
      AtomicBoolean sampling = new AtomicBoolean(true);
      Thread sampler = new Thread(() -> sample(cluster.workers, sampledPeak, sampling));
      sampler.start();
      List<CompletableFuture<FileProcessingResult>> runs = new ArrayList<>();
      for (int i = 0; i < WORKFLOWS; i++) {
        runs.add(cluster.locus("cap-" + i,
            new FileProcessingRequest(origin.fileUrl(i), origin.uploadsUrl(), "gzip", null)));
      }
      List<FileProcessingResult> results = new ArrayList<>();
      for (CompletableFuture<FileProcessingResult> r : runs) {
        results.add(r.get(10, TimeUnit.MINUTES));
      }
      sampling.set(false);
      sampler.join();

      Map<String, List<long[]>> intervals = new TreeMap<>();
      Map<String, Integer> perWorker = new TreeMap<>();
      for (FileProcessingResult r : results) {
        List<SessionStep> steps = r.attempts().get(r.attempts().size() - 1).steps();
        intervals.computeIfAbsent(r.worker(), k -> new ArrayList<>())
            .add(new long[] {steps.get(0).startedAtMillis(), steps.get(steps.size() - 1).endedAtMillis()});
        perWorker.merge(r.worker(), 1, Integer::sum);
      }
      int fromSteps = intervals.values().stream().mapToInt(CapacityBench::maxOverlap).max().orElse(0);
      int fromMetrics = sampledPeak.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      int most = perWorker.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      int least = WORKERS == perWorker.size() ? perWorker.values().stream().mapToInt(Integer::intValue).min()
          .orElse(0) : 0;
      System.out.printf("workflows per worker: %s%n", perWorker);
      System.out.printf("most sessions held at once by one worker: %d from step times, %d from /metrics samples"
          + " (limit %d)%n", fromSteps, fromMetrics, MAX_SESSIONS);
      System.out.printf(BenchServers.ratio(server) + "max sessions held / maxConcurrentSessions: %.2f%n",
          (double) Math.max(fromSteps, fromMetrics) / MAX_SESSIONS);
      System.out.printf(BenchServers.ratio(server) + "spread, least / most workflows per worker: %.2f%n", (double) least / most);
      if (Math.max(fromSteps, fromMetrics) > MAX_SESSIONS) {
        throw new IllegalStateException("a worker held more sessions than its slots");
      }
    }
  }

  private static int maxOverlap(List<long[]> intervals) {
    List<long[]> events = new ArrayList<>();
    for (long[] i : intervals) {
      events.add(new long[] {i[0], 1});
      events.add(new long[] {i[1], -1});
    }
    events.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int max = 0;
    for (long[] e : events) {
      now += (int) e[1];
      max = Math.max(max, now);
    }
    return max;
  }

  private static void sample(List<WorkerProcess> workers, Map<String, Integer> peak, AtomicBoolean running) {
    while (running.get()) {
      for (WorkerProcess w : workers) {
        try {
          w.metric("locus_sessions_active").ifPresent(active -> peak.merge(w.workerId(), (int) active, Math::max));
        } catch (Exception e) {
          // a sample missed; the step-time measure still stands
        }
      }
      try {
        TimeUnit.MILLISECONDS.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
