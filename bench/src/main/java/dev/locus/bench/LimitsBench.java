package dev.locus.bench;

import dev.locus.demo.DemoOrigin;
import dev.locus.demo.ServerChoice;
import dev.locus.demo.WorkerProcess;
import dev.locus.files.FileProcessingRequest;
import dev.locus.files.FileProcessingResult;
import dev.locus.session.SessionStep;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark 4, near the machine's limit: the process step's SHA-256 rate against `openssl dgst -sha256`, the
 * download step's rate against `curl` from the same loopback server, and the worker's peak heap for 1 GiB (hash)
 * and 2 GiB (full gzip pipeline on a 128 MiB heap).
 */
public final class LimitsBench {

  public static void main(String[] args) throws Exception {
    BenchServers.each(server -> run(args, server));
  }

  private static void run(String[] args, ServerChoice server) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "bench_fs/limits");
    try (BenchCluster cluster = new BenchCluster(root, server);
         BlobStore files = new BlobStore(root.resolve("served"));
         DemoOrigin uploads = new DemoOrigin(0)) {
      Path gib = generate(root.resolve("served/1g.bin"), 1L << 30);
      long openssl = Math.min(time("openssl", "dgst", "-sha256", gib.toString()),
          time("openssl", "dgst", "-sha256", gib.toString()));
      String url = files.url() + "1g.bin";
      Path curlOut = root.resolve("curl.out");
      long curl = Math.min(time("curl", "-sf", "-o", curlOut.toString(), url),
          time("curl", "-sf", "-o", curlOut.toString(), url));
      Files.delete(curlOut);

      WorkerProcess fast = cluster.startWorker("limits-1", 1, List.of("-Xmx1g"));
      fast.awaitReady(Duration.ofSeconds(90));
      long bestProcess = Long.MAX_VALUE;
      long bestDownload = Long.MAX_VALUE;
      long peak1g = 0;
      for (int run = 0; run < 3; run++) {
        HeapSampler heap = new HeapSampler(fast);
        FileProcessingResult r = cluster.locus("limits-1g-" + run,
            new FileProcessingRequest(url, uploads.uploadsUrl(), "identity", null)).get(10, TimeUnit.MINUTES);
        peak1g = Math.max(peak1g, heap.stop());
        bestDownload = Math.min(bestDownload, duration(r, "Download"));
        bestProcess = Math.min(bestProcess, duration(r, "Process"));
      }
      fast.terminate(Duration.ofSeconds(30));
      cluster.workers.remove(fast);

      Path twoGib = generate(root.resolve("served/2g.bin"), 2L << 30);
      WorkerProcess small = cluster.startWorker("limits-heap", 1, List.of("-Xmx128m"));
      small.awaitReady(Duration.ofSeconds(90));
      HeapSampler heap = new HeapSampler(small);
      FileProcessingResult big = cluster.locus("limits-2g",
          new FileProcessingRequest(files.url() + twoGib.getFileName(), uploads.uploadsUrl(), "gzip", null))
          .get(20, TimeUnit.MINUTES);
      long peak2g = heap.stop();

      System.out.printf("SHA-256 of 1 GiB: openssl %d ms, Locus process step %d ms%n", openssl, bestProcess);
      System.out.printf("GET 1 GiB over loopback: curl %d ms, Locus download step %d ms%n", curl, bestDownload);
      System.out.printf("worker peak heap used: %s while hashing 1 GiB (-Xmx1g), %s for 2 GiB through download,"
          + " gzip and upload (-Xmx128m; %d attempt(s))%n", Stats.mib(peak1g), Stats.mib(peak2g),
          big.attempts().size());
      System.out.printf(BenchServers.ratio(server) + "process SHA-256 throughput / openssl: %.2f%n", (double) openssl / bestProcess);
      System.out.printf(BenchServers.ratio(server) + "download throughput / curl: %.2f%n", (double) curl / bestDownload);
      System.out.printf(BenchServers.ratio(server) + "peak heap / file size, 2 GiB: %.4f%n", (double) peak2g / (2L << 30));
      Files.delete(gib);
      Files.delete(twoGib);
    }
  }

  private static long duration(FileProcessingResult r, String activity) {
    SessionStep step = r.attempts().get(r.attempts().size() - 1).steps().stream()
        .filter(s -> s.activity().equals(activity)).findFirst().orElseThrow();
    return step.endedAtMillis() - step.startedAtMillis();
  }

  private static long time(String... command) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed with " + p.exitValue());
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static Path generate(Path file, long size) throws IOException {
    Files.createDirectories(file.getParent());
    SplittableRandom random = new SplittableRandom(42);
    ByteBuffer buffer = ByteBuffer.allocate(8 << 20);
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (long left = size; left > 0; left -= buffer.capacity()) {
        buffer.clear();
        while (buffer.hasRemaining()) {
          buffer.putLong(random.nextLong());
        }
        buffer.flip();
        buffer.limit((int) Math.min(buffer.capacity(), left));
        out.write(buffer);
      }
    }
    return file;
  }

  /** Samples a worker's heap use from its /metrics every 100 ms. */
  private static final class HeapSampler {
    private final AtomicLong peak = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CompletableFuture<Void> done;

    HeapSampler(WorkerProcess worker) {
      done = CompletableFuture.runAsync(() -> {
        while (running.get()) {
          try {
            worker.metric("jvm_memory_used_bytes", "area", "heap")
                .ifPresent(used -> peak.accumulateAndGet((long) used, Math::max));
            TimeUnit.MILLISECONDS.sleep(100);
          } catch (IOException e) {
            // one sample missed
          } catch (InterruptedException e) {
            return;
          }
        }
      });
    }

    long stop() {
      running.set(false);
      done.join();
      if (peak.get() == 0) {
        throw new IllegalStateException("no heap sample could be read from the worker's /metrics");
      }
      return peak.get();
    }
  }
}
