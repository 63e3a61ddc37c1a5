package dev.locus.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.locus.operator.metrics.QueueDepthExporter.PoolRef;
import dev.locus.operator.metrics.QueueDepthExporter.PoolTargets;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueueDepthExporterTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private FakeWorkflowService temporal;
  private FakeWorkflowService old;
  private QueueDepthExporter exporter;
  private TemporalReads reads;

  private QueueDepthExporter exporter(double rps, Duration timeout) {
    reads = new TemporalReads(rps);
    return new QueueDepthExporter(registry, address -> WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build()), reads, timeout);
  }

  private static PoolTargets pool(String address, String shared, String... workerQueues) {
    return new PoolTargets(address, "default", List.of(shared),
        java.util.stream.Stream.concat(java.util.stream.Stream.of(shared), java.util.stream.Stream.of(workerQueues))
            .toList(), null);
  }

  @AfterEach
  void tearDown() {
    if (exporter != null) {
      exporter.close();
      reads.close();
    }
    if (temporal != null) {
      temporal.close();
    }
    if (old != null) {
      old.close();
    }
  }

  @Test
  void exportsEveryQueuesStatsAndThePoolsBacklog() throws Exception {
    temporal = new FakeWorkflowService(true);
    exporter = exporter(100, Duration.ofSeconds(1));
    PoolRef files = new PoolRef("ns", "files");
    exporter.track(files, pool(temporal.address(), "shared", "shared-files-0", "shared-files-1"));

    await().atMost(Duration.ofSeconds(10)).until(() -> exporter.backlog(files).isPresent());
    // workflow + activity backlog of "shared" (6 each) and "shared-files-0"/"-1" (14 each)
    assertThat(exporter.backlog(files)).contains(6L + 6 + 14 + 14);
    String scrape = registry.scrape();
    assertThat(scrape).contains("locus_task_queue_backlog{pool=\"files\",pool_namespace=\"ns\",queue=\"shared-files-0\","
        + "task_queue_type=\"activity\"} 14.0");
    assertThat(scrape).contains("locus_task_queue_backlog_age_seconds{pool=\"files\",pool_namespace=\"ns\","
        + "queue=\"shared\",task_queue_type=\"workflow\"} 42.0");
    assertThat(scrape).contains("locus_task_queue_tasks_add_rate{").contains("locus_task_queue_tasks_dispatch_rate{");

    exporter.track(files, null);
    assertThat(registry.scrape()).doesNotContain("pool=\"files\"");
  }

  @Test
  void aServerWithoutTheCallGetsOneRequestAndNoMadeUpNumbers() throws Exception {
    old = new FakeWorkflowService(false);
    temporal = new FakeWorkflowService(true);
    exporter = exporter(50, Duration.ofSeconds(1));
    PoolRef legacy = new PoolRef("ns", "legacy");
    PoolRef modern = new PoolRef("ns", "modern");
    exporter.track(legacy, pool(old.address(), "q", "q-legacy-0", "q-legacy-1"));
    exporter.track(modern, pool(temporal.address(), "q", "q-modern-0"));

    await().atMost(Duration.ofSeconds(10)).until(() -> exporter.backlog(modern).isPresent());
    Thread.sleep(500);
    assertThat(old.requests.get()).as("asked once, then left alone").isEqualTo(1);
    assertThat(exporter.backlog(legacy)).isEmpty();
    assertThat(exporter.unavailableReason(legacy)).hasValueSatisfying(r ->
        assertThat(r).contains("does not implement DescribeTaskQueue"));
    assertThat(exporter.unavailableReason(modern)).isEmpty();
    assertThat(registry.scrape()).doesNotContain("pool=\"legacy\"").contains("pool=\"modern\"");
  }

  @Test
  void slowAndFailingQueuesExportNothingAndDoNotStopTheOthers() throws Exception {
    temporal = new FakeWorkflowService(true);
    exporter = exporter(20, Duration.ofMillis(200));
    PoolRef mixed = new PoolRef("ns", "mixed");
    PoolRef fine = new PoolRef("ns", "fine");
    exporter.track(mixed, new PoolTargets(temporal.address(), "default", List.of(),
        List.of("ok-mixed", "slow-mixed", "fail-mixed"), null));
    exporter.track(fine, pool(temporal.address(), "ok"));

    await().atMost(Duration.ofSeconds(10)).until(() -> temporal.perQueue.containsKey("slow-mixed")
        && temporal.perQueue.containsKey("fail-mixed"));
    await().atMost(Duration.ofSeconds(10)).until(() -> exporter.backlog(fine).isPresent()
        && registry.scrape().contains("queue=\"ok-mixed\""));
    String scrape = registry.scrape();
    assertThat(scrape).contains("queue=\"ok-mixed\"").doesNotContain("queue=\"slow-mixed\"")
        .doesNotContain("queue=\"fail-mixed\"");
    assertThat(exporter.backlog(mixed)).as("not every queue could be read").isEmpty();
  }

  @Test
  void readsTheFreshQueueFirstAndEveryQueueOncePerPeriodWithinTheBudget() throws Exception {
    temporal = new FakeWorkflowService(true);
    double budget = 20;
    exporter = exporter(budget, Duration.ofSeconds(1));
    int queues = 0;
    for (int p = 0; p < 10; p++) {
      String name = p == 0 ? "big" : "small" + p;
      int workers = p == 0 ? 20 : 1;
      exporter.track(new PoolRef("ns", name), pool(temporal.address(), "s-" + name,
          IntStream.range(0, workers).mapToObj(i -> "s-" + name + "-" + i).toArray(String[]::new)));
      queues += 2 + workers;
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> temporal.requests.get() >= 5);
    PoolRef autoscaled = new PoolRef("ns", "autoscaled");
    int readBefore = temporal.requests.get();
    exporter.track(autoscaled, new PoolTargets(temporal.address(), "default", List.of("a"),
        List.of("a-lease", "a", "a-0"), "a-lease"));
    queues += 4;
    long start = System.nanoTime();
    Thread.sleep(4000);
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(temporal.order.indexOf("a-lease")).as("the autoscaler's signal goes before the others not read yet")
        .isBetween(readBefore, readBefore + 1);
    assertThat(temporal.requests.get()).as("each queue once: none is due again within %s", QueueDepthExporter.FRESH_EVERY)
        .isEqualTo(queues).isLessThanOrEqualTo((int) Math.ceil(budget * seconds) + 1);
    assertThat(exporter.freshBacklog(autoscaled, "a-lease")).contains(7L);
    assertThat(exporter.freshBacklog(autoscaled, "a-0")).as("read, but no decision waits on it").isEmpty();
  }

  @Test
  void aQueueThatBecomesFreshIsReadAtOnceAndOnlyThatReadingCounts() throws Exception {
    temporal = new FakeWorkflowService(true);
    exporter = exporter(20, Duration.ofSeconds(1));
    PoolRef pool = new PoolRef("ns", "p");
    PoolTargets idle = new PoolTargets(temporal.address(), "default", List.of("p"), List.of("p-lease", "p"), null);
    exporter.track(pool, idle);
    await().atMost(Duration.ofSeconds(5)).until(() -> exporter.backlog(pool).isPresent());
    int leaseReads = Collections.frequency(temporal.order, "p-lease");

    exporter.track(pool, new PoolTargets(idle.address(), "default", idle.workflowQueues(), idle.activityQueues(),
        "p-lease"));
    assertThat(exporter.freshBacklog(pool, "p-lease")).as("read before a decision waited on it").isEmpty();
    // At once, not FRESH_EVERY after the background read.
    await().atMost(Duration.ofSeconds(2)).until(() -> exporter.freshBacklog(pool, "p-lease").isPresent());
    assertThat(Collections.frequency(temporal.order, "p-lease")).isEqualTo(leaseReads + 1);

    exporter.track(pool, idle);
    assertThat(exporter.freshBacklog(pool, "p-lease")).as("no longer fresh").isEmpty();
  }
}
