package dev.locus.bench;

import dev.locus.demo.DemoOrigin;
import dev.locus.demo.ServerChoice;
import dev.locus.files.FileProcessingRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 1, locality: download -> process (gzip + SHA-256) -> upload, three ways, on the same 3 worker JVMs in
 * one run: with a Locus session; without affinity (steps anywhere; a step that lacks its input fetches it from the
 * origin again); and through shared storage (every intermediate uploaded and fetched back).
 */
public final class LocalityBench {
  private static final String[] MODES = {"locus", "no-affinity", "shared-storage"};

  public static void main(String[] args) throws Exception {
    BenchServers.each(server -> run(args, server));
  }

  /** Per-stream origin rates: an object store's (100 MiB/s) and loopback's (unpaced). */
  private static final long[] RATES = {100L << 20, 0};

  private static void run(String[] args, ServerChoice server) throws Exception {
    long[] sizes = {1L << 20, 64L << 20, 256L << 20};
    // Two workflows per session slot at every size: a fleet with a backlog, where a step without affinity lands on
    // whichever worker has a free slot. (With one workflow per slot, the worker that just finished a step is the only
    // one polling, so steps stay local by luck: 1.00-1.33x origin bytes at 6 files, measured.)
    int[] files = {12, 12, 12};
    Path dir = Path.of(args.length > 0 ? args[0] : "bench_fs/locality");
    try (BenchCluster cluster = new BenchCluster(dir, server);
         BlobStore storage = new BlobStore(dir.resolve("storage"))) {
      cluster.startWorkers(3, 2);
      boolean warm = false;
      List<String> ratios = new ArrayList<>();
      for (long rate : RATES) {
        String origin = rate == 0 ? "origin at loopback speed" : "origin at " + Stats.mib(rate) + "/s per stream";
        System.out.printf("%n%s%nsize      mode             wall ms   vs locus   origin bytes / input bytes%n", origin);
        for (int s = 0; s < sizes.length; s++) {
          try (DemoOrigin source = new DemoOrigin(sizes[s], rate)) {
            if (!warm) {
              for (String mode : MODES) {
                run(cluster, storage, source, mode, "warmup", 3);
              }
              warm = true;
            }
            Map<String, long[]> results = new LinkedHashMap<>();
            for (String mode : MODES) {
              results.put(mode, run(cluster, storage, source, mode, "r" + rate + "s" + s, files[s]));
            }
            long locusWall = results.get("locus")[0];
            long input = sizes[s] * files[s];
            for (Map.Entry<String, long[]> e : results.entrySet()) {
              double vs = (double) e.getValue()[0] / locusWall;
              double fetched = (double) e.getValue()[1] / input;
              System.out.printf("%-9s %-16s %8d   %7.2fx   %6.2f%n", Stats.mib(sizes[s]), e.getKey(),
                  e.getValue()[0], vs, fetched);
              if (!e.getKey().equals("locus")) {
                ratios.add(String.format("%s, %s %s: wall %.2fx Locus, origin %.2fx input (Locus %.2fx)", origin,
                    Stats.mib(sizes[s]), e.getKey(), vs, fetched, (double) results.get("locus")[1] / input));
              }
            }
            if (results.get("locus")[1] != input) {
              throw new IllegalStateException("Locus fetched " + results.get("locus")[1] + " bytes for " + input);
            }
          }
        }
      }
      System.out.println();
      ratios.forEach(r -> System.out.println(BenchServers.ratio(server) + r));
    }
  }

  /** Returns {wall ms, origin bytes served}. */
  private static long[] run(BenchCluster cluster, BlobStore storage, DemoOrigin origin, String mode, String tag,
      int n) throws Exception {
    long served = origin.bytesServed();
    long start = System.nanoTime();
    List<CompletableFuture<?>> runs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "loc-" + mode + "-" + tag + "-" + i + "-" + System.nanoTime();
      runs.add(mode.equals("locus")
          ? cluster.locus(id, new FileProcessingRequest(origin.fileUrl(i), origin.uploadsUrl(), "gzip", null))
          : cluster.baseline(id, mode, tag + "-" + i, origin.fileUrl(i), storage.url(), origin.uploadsUrl()));
    }
    for (CompletableFuture<?> r : runs) {
      r.get(10, TimeUnit.MINUTES);
    }
    return new long[] {(System.nanoTime() - start) / 1_000_000, origin.bytesServed() - served};
  }
}
