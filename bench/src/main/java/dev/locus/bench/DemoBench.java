package dev.locus.bench;

import dev.locus.demo.Demo;
import dev.locus.demo.DemoReport;
import dev.locus.demo.ServerChoice;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's wall time against its floor: the activities' own work spread over every session slot. Three runs of
 * the default demo (3 workers, 2 slots each, 12 files of 8 MiB, gzip) on each server.
 */
public final class DemoBench {
  private static final int RUNS = 3;

  public static void main(String[] args) throws Exception {
    BenchServers.each(server -> run(Path.of(args.length > 0 ? args[0] : "bench_fs/demo"), server));
  }

  private static void run(Path dir, ServerChoice server) throws Exception {
    List<Long> ratios = new ArrayList<>();
    for (int i = 1; i <= RUNS; i++) {
      Demo.Options options = new Demo.Options(3, 12, 8L << 20, null, null, null, dir, 2, Duration.ofSeconds(3),
          Duration.ofSeconds(5), "gzip", false, server, false);
      DemoReport r = new Demo(options, new PrintStream(OutputStream.nullOutputStream())).run();
      long slots = (long) options.workers() * options.maxSessions();
      long floor = r.activityMs() / slots;
      long completed = r.workflows().stream().filter(w -> w.status().equals("COMPLETED")).count();
      if (completed != r.workflows().size()) {
        throw new IllegalStateException("run " + i + ": " + completed + "/" + r.workflows().size() + " completed");
      }
      System.out.printf("run %d: wall %d ms, activities %d ms over %d slots, floor %d ms: %.2fx%n", i, r.elapsedMs(),
          r.activityMs(), slots, floor, (double) r.elapsedMs() / floor);
      ratios.add(r.elapsedMs() * 100 / floor);
    }
    System.out.printf(BenchServers.ratio(server) + "demo wall / floor: median %.2f (min %.2f, max %.2f)%n",
        Stats.median(ratios) / 100.0, ratios.stream().mapToLong(Long::longValue).min().orElse(0) / 100.0,
        Stats.max(ratios) / 100.0);
  }
}
