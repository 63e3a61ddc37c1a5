package dev.locus.operator.metrics;

import dev.locus.operator.metrics.QueueDepthExporter.PoolRef;
import dev.locus.operator.metrics.QueueDepthExporter.PoolTargets;
import dev.locus.session.TaskQueues;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (bench/operator-latency.sh, not part of mvn verify): the age of the operator's Temporal signals under the
 * default read budget, against a Temporal double over real gRPC, for autoscaled pools of 10 workers. A pool whose
 * slots are all taken has its lease queue read fresh; the others' "nothing waits" comes from the worker census (one
 * listing per namespace). Prints; asserts nothing timed.
 */
@Tag("bench")
class SignalAgeBench {
  private static final double DEFAULT_BUDGET = 20;
  private static final Duration RUN = Duration.ofSeconds(40);

  @Test
  void signalAgeAtHundredAndFiveHundredPools() throws Exception {
    measure(100, 100);
    measure(500, 20);
    measure(500, 100);
  }

  private static void measure(int pools, int saturatedPercent) throws Exception {
    int saturated = pools * saturatedPercent / 100;
    try (FakeWorkflowService temporal = new FakeWorkflowService(true);
         TemporalReads reads = new TemporalReads(DEFAULT_BUDGET)) {
      var stubs = (java.util.function.Function<String, WorkflowServiceStubs>) a -> WorkflowServiceStubs
          .newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(a).build());
      QueueDepthExporter exporter = new QueueDepthExporter(new SimpleMeterRegistry(), stubs, reads,
          Duration.ofSeconds(5));
      SessionCensus census = new SessionCensus(stubs, reads, Clock.systemUTC());
      List<String> leases = new ArrayList<>();
      for (int p = 0; p < pools; p++) {
        String shared = "shared-" + p;
        String lease = TaskQueues.leaseQueue(shared);
        List<String> activity = new ArrayList<>(List.of(lease, shared));
        int pool = p;
        IntStream.range(0, 10).forEach(w -> activity.add(shared + "-pool" + pool + "-" + w));
        exporter.track(new PoolRef("ns", "pool" + p), new PoolTargets(temporal.address(), "default",
            List.of(shared), activity, p < saturated ? lease : null));
        census.sessions(new SessionCensus.Target(new PoolRef("ns", "pool" + p), temporal.address(), "default",
            lease, "pool" + p + "-"));
        if (p < saturated) {
          leases.add(lease);
        }
      }
      Map<String, Long> lastRead = new ConcurrentHashMap<>();
      Map<String, Long> longestGap = new ConcurrentHashMap<>();
      long start = System.nanoTime();
      int seen = 0;
      while (System.nanoTime() - start < RUN.toNanos()) {
        Thread.sleep(20);
        List<String> order = temporal.order;
        long now = System.nanoTime();
        for (; seen < order.size(); seen++) {
          Long before = lastRead.put(order.get(seen), now);
          if (before != null) {
            longestGap.merge(order.get(seen), now - before, Math::max);
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long leaseAgeMs = leases.stream().mapToLong(q -> longestGap.getOrDefault(q, RUN.toNanos())).max().orElse(0)
          / 1_000_000;
      int background = pools * 12 - saturated;
      double backgroundPerSecond = ((temporal.requests.get() - leases.stream()
          .mapToInt(q -> temporal.perQueue.getOrDefault(q, new java.util.concurrent.atomic.AtomicInteger()).get())
          .sum()) / seconds);
      System.out.printf("SIGNAL %d autoscaled pools x 10 workers (%d queues), %d%% with every slot taken, budget %.0f"
              + " calls/s: %.1f calls/s made; census (sessions, free slots) %.1f listings/s (%d per %s); lease"
              + " queue of a full pool at most %.1f s old%s; other queues %s%n",
          pools, pools * 12, saturatedPercent, DEFAULT_BUDGET,
          (temporal.requests.get() + temporal.listings.get()) / seconds, temporal.listings.get() / seconds,
          (pools + 99) / 100, SessionCensus.REFRESH, leaseAgeMs / 1000.0,
          leaseAgeMs >= RUN.toMillis() ? " (some not read twice in " + RUN.toSeconds() + " s)" : "",
          backgroundPerSecond < 0.05 ? "not read (the budget went to the fresh reads)"
              : String.format("about every %.0f s", background / backgroundPerSecond));
      exporter.close();
      census.close();
    }
  }
}
