package dev.locus.bench;

import dev.locus.demo.DemoOrigin;
import dev.locus.demo.ServerChoice;
import dev.locus.files.FileProcessingRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 2, overhead on tiny work: 200 workflows of a 4 KiB file, Locus sessions vs plain shared-queue
 * activities, on the same workers (same number of slots), alternating twice.
 */
public final class OverheadBench {
  private static final int WORKFLOWS = 200;

  public static void main(String[] args) throws Exception {
    BenchServers.each(server -> run(args, server));
  }

  private static void run(String[] args, ServerChoice server) throws Exception {
    try (BenchCluster cluster = new BenchCluster(Path.of(args.length > 0 ? args[0] : "bench_fs/overhead"), server);
         DemoOrigin origin = new DemoOrigin(4096)) {
      cluster.startWorkers(3, 4);
      run(cluster, origin, true, "warmup", 30);
      run(cluster, origin, false, "warmup", 30);
      long locus = 0;
      long plain = 0;
      for (int round = 1; round <= 2; round++) {
        locus += run(cluster, origin, true, "r" + round, WORKFLOWS);
        plain += run(cluster, origin, false, "r" + round, WORKFLOWS);
      }
      double locusRate = 2.0 * WORKFLOWS / (locus / 1000.0);
      double plainRate = 2.0 * WORKFLOWS / (plain / 1000.0);
      System.out.printf("locus sessions:     %d workflows in %d ms  (%.1f workflows/s)%n", 2 * WORKFLOWS, locus,
          locusRate);
      System.out.printf("plain activities:   %d workflows in %d ms  (%.1f workflows/s)%n", 2 * WORKFLOWS, plain,
          plainRate);
      System.out.printf(BenchServers.ratio(server) + "tiny-work throughput, Locus / plain: %.2f%n", locusRate / plainRate);
    }
  }

  private static long run(BenchCluster cluster, DemoOrigin origin, boolean locus, String tag, int n)
      throws Exception {
    long start = System.nanoTime();
    List<CompletableFuture<?>> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = (locus ? "ovh-locus-" : "ovh-plain-") + tag + "-" + i;
      runs.add(locus
          ? cluster.locus(id, new FileProcessingRequest(origin.fileUrl(i), origin.uploadsUrl(), "gzip", null))
          : cluster.baseline(id, "no-affinity", tag + "-" + i, origin.fileUrl(i), null, origin.uploadsUrl()));
    }
    for (CompletableFuture<?> r : runs) {
      r.get(10, TimeUnit.MINUTES);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }
}
