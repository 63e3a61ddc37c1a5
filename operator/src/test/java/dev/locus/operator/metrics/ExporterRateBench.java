package dev.locus.operator.metrics;

import dev.locus.operator.metrics.QueueDepthExporter.PoolRef;
import dev.locus.operator.metrics.QueueDepthExporter.PoolTargets;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark (bench/operator-latency.sh, not part of mvn verify): the queue-depth reader's request rate against a
 * Temporal double for 100 pools x 10 workers under the default budget (10 requests/s). Prints; asserts nothing timed.
 */
@Tag("bench")
class ExporterRateBench {
  @Test
  void hundredPoolsOfTenWorkersUnderTheDefaultBudget() throws Exception {
    try (FakeWorkflowService temporal = new FakeWorkflowService(true);
         QueueDepthExporter exporter = new QueueDepthExporter(new SimpleMeterRegistry(),
             a -> WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(a).build()),
             10, Duration.ofSeconds(5))) {
      for (int p = 0; p < 100; p++) {
        String shared = "shared-" + p;
        List<String> activity = new ArrayList<>(List.of(shared));
        int pool = p;
        IntStream.range(0, 10).forEach(w -> activity.add(shared + "-pool" + pool + "-" + w));
        exporter.track(new PoolRef("ns", "pool" + p), new PoolTargets(temporal.address(), "default",
            List.of(shared), activity));
      }
      long start = System.nanoTime();
      Thread.sleep(20_000);
      double seconds = (System.nanoTime() - start) / 1e9;
      int made = temporal.requests.get();
      long poolsAsked = IntStream.range(0, 100).filter(p -> temporal.perQueue.keySet().stream()
          .anyMatch(q -> q.equals("shared-" + p) || q.startsWith("shared-" + p + "-"))).count();
      System.out.printf("EXPORTER 100 pools x 10 workers (1200 queues), budget 10/s: %.2f requests/s over %.0f s;"
          + " %d of 100 pools asked; every queue refreshed about every %.0f s%n", made / seconds, seconds,
          poolsAsked, 1200 / (made / seconds));
    }
  }
}
