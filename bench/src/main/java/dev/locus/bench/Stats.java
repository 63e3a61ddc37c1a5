package dev.locus.bench;

import java.util.List;

final class Stats {
  private Stats() {}

  static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static long max(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElseThrow();
  }

  static String mib(long bytes) {
    return bytes >= (1L << 30) ? (bytes >> 30) + " GiB" : bytes >= (1 << 20) ? (bytes >> 20) + " MiB"
        : (bytes >> 10) + " KiB";
  }
}
