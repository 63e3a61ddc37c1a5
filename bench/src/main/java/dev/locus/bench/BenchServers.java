package dev.locus.bench;

import dev.locus.demo.ServerChoice;
import java.util.Arrays;
import java.util.List;

/**
 * The Temporal servers a benchmark runs on, one after the other in one run, so that their figures sit side by side:
 * {@code LOCUS_BENCH_SERVERS} (default {@code embedded,temporal-cli}). Every RATIO line names its server.
 */
final class BenchServers {
  private BenchServers() {}

  interface Bench {
    void run(ServerChoice server) throws Exception;
  }

  static void each(Bench bench) throws Exception {
    String names = System.getenv().getOrDefault("LOCUS_BENCH_SERVERS", "embedded,temporal-cli");
    List<ServerChoice> servers = Arrays.stream(names.split(",")).map(String::trim)
        .map(new ServerChoice.Converter()::convert).toList();
    for (ServerChoice server : servers) {
      System.out.printf("%n--- Temporal server: %s%n", server);
      bench.run(server);
    }
  }

  /** The prefix of a figure's line: {@code RATIO [server] }. */
  static String ratio(ServerChoice server) {
    return "RATIO [" + server + "] ";
  }
}
