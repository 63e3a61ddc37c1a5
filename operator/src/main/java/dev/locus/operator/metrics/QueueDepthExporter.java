package dev.locus.operator.metrics;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.taskqueue.v1.TaskQueueStats;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Temporal's task-queue stats (DescribeTaskQueue with report_stats, server 1.25+) for every pool's queues and
 * exports them as gauges: locus_task_queue_backlog, locus_task_queue_backlog_age_seconds,
 * locus_task_queue_tasks_add_rate, locus_task_queue_tasks_dispatch_rate {pool_namespace, pool, queue, task_queue_type}.
 *
 * <p>One request at a time, at most {@code requestsPerSecond}, taken round-robin over pools first and then over
 * each pool's queues, so every pool gets the same share of the budget however many queues it has. A server that
 * does not implement the call is remembered (and logged once): no request goes to it for a while, and no number is
 * made up for its pools.
 */
public final class QueueDepthExporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueueDepthExporter.class);
  static final Duration RECHECK_UNSUPPORTED = Duration.ofMinutes(10);

  /** What to read for one pool. */
  public record PoolTargets(String address, String temporalNamespace, List<String> workflowQueues,
      List<String> activityQueues) {}

  public record PoolRef(String namespace, String name) {}

  record QueueRef(PoolRef pool, String queue, TaskQueueType type) {}

  record Reading(long backlog, double backlogAgeSeconds, double addRate, double dispatchRate) {}

  private final MeterRegistry registry;
  private final Function<String, WorkflowServiceStubs> stubsForAddress;
  private final Duration timeout;
  private final ScheduledExecutorService loop;
  private final Map<PoolRef, PoolTargets> targets = new ConcurrentHashMap<>();
  private final Map<PoolRef, Integer> cursors = new ConcurrentHashMap<>();
  private final Map<QueueRef, Reading> readings = new ConcurrentHashMap<>();
  private final Map<QueueRef, List<Meter>> meters = new ConcurrentHashMap<>();
  private final Map<String, Long> unsupportedUntil = new ConcurrentHashMap<>();
  private final Map<String, WorkflowServiceStubs> stubs = new ConcurrentHashMap<>();
  private List<PoolRef> order = List.of();
  private int next;

  public QueueDepthExporter(MeterRegistry registry, Function<String, WorkflowServiceStubs> stubsForAddress,
      double requestsPerSecond, Duration timeout) {
    if (requestsPerSecond <= 0) {
      throw new IllegalArgumentException("requests per second must be positive, got " + requestsPerSecond);
    }
    this.registry = registry;
    this.stubsForAddress = stubsForAddress;
    this.timeout = timeout;
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "locus-queue-depth");
      t.setDaemon(true);
      return t;
    });
    long periodMicros = (long) (1_000_000 / requestsPerSecond);
    loop.scheduleAtFixedRate(this::readNext, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
  }

  /** Sets (or, with null, removes) what is read for a pool. */
  public void track(PoolRef pool, PoolTargets poolTargets) {
    if (poolTargets == null) {
      targets.remove(pool);
      cursors.remove(pool);
      List.copyOf(readings.keySet()).stream().filter(q -> q.pool().equals(pool)).forEach(this::forget);
    } else {
      targets.put(pool, poolTargets);
      List<QueueRef> current = queuesOf(pool, poolTargets);
      List.copyOf(readings.keySet()).stream().filter(q -> q.pool().equals(pool) && !current.contains(q))
          .forEach(this::forget);
    }
  }

  /** The pool's total backlog, if every one of its queues has been read. */
  public Optional<Long> backlog(PoolRef pool) {
    return readingsOf(pool).map(all -> all.stream().mapToLong(Reading::backlog).sum());
  }

  /** The backlog of one of the pool's activity queues, once it has been read. */
  public Optional<Long> activityBacklog(PoolRef pool, String queue) {
    PoolTargets t = targets.get(pool);
    if (t == null || unsupported(t.address())) {
      return Optional.empty();
    }
    return Optional.ofNullable(readings.get(new QueueRef(pool, queue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)))
        .map(Reading::backlog);
  }

  /** How long the oldest task waiting on any of the pool's queues has waited, if every queue has been read. */
  public Optional<Duration> backlogAge(PoolRef pool) {
    return readingsOf(pool).map(all -> Duration.ofMillis(
        (long) (all.stream().mapToDouble(Reading::backlogAgeSeconds).max().orElse(0) * 1000)));
  }

  private Optional<List<Reading>> readingsOf(PoolRef pool) {
    PoolTargets t = targets.get(pool);
    if (t == null || unsupported(t.address())) {
      return Optional.empty();
    }
    List<QueueRef> queues = queuesOf(pool, t);
    if (queues.isEmpty() || !queues.stream().allMatch(readings::containsKey)) {
      return Optional.empty();
    }
    return Optional.of(queues.stream().map(readings::get).toList());
  }

  /** Why the pool has no backlog figure, when its server cannot give one. */
  public Optional<String> unavailableReason(PoolRef pool) {
    PoolTargets t = targets.get(pool);
    return t != null && unsupported(t.address())
        ? Optional.of("Temporal at " + t.address() + " does not implement DescribeTaskQueue task-queue stats"
            + " (server 1.25+ does); no backlog is reported")
        : Optional.empty();
  }

  private boolean unsupported(String address) {
    Long until = unsupportedUntil.get(address);
    return until != null && System.nanoTime() < until;
  }

  private synchronized void readNext() {
    try {
      if (next == 0 || order.size() != targets.size()) {
        order = new ArrayList<>(targets.keySet());
      }
      for (int tries = 0; tries < order.size(); tries++) {
        PoolRef pool = order.get(next++ % order.size());
        next %= Math.max(1, order.size());
        PoolTargets t = targets.get(pool);
        if (t == null || unsupported(t.address())) {
          continue;
        }
        List<QueueRef> queues = queuesOf(pool, t);
        if (queues.isEmpty()) {
          continue;
        }
        int cursor = cursors.merge(pool, 1, Integer::sum) - 1;
        read(t, queues.get(Math.floorMod(cursor, queues.size())));
        return;
      }
    } catch (RuntimeException e) {
      log.warn("queue depth read failed: {}", e.toString());
    }
  }

  private void read(PoolTargets t, QueueRef queue) {
    try {
      TaskQueueStats stats = stubs.computeIfAbsent(t.address(), stubsForAddress).blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
              .setNamespace(t.temporalNamespace())
              .setTaskQueue(TaskQueue.newBuilder().setName(queue.queue()))
              .setTaskQueueType(queue.type())
              .setReportStats(true)
              .build())
          .getStats();
      var age = stats.getApproximateBacklogAge();
      record(queue, new Reading(stats.getApproximateBacklogCount(), age.getSeconds() + age.getNanos() / 1e9,
          stats.getTasksAddRate(), stats.getTasksDispatchRate()));
      unsupportedUntil.remove(t.address());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        if (unsupportedUntil.put(t.address(), System.nanoTime() + RECHECK_UNSUPPORTED.toNanos()) == null) {
          log.warn("Temporal at {} does not implement DescribeTaskQueue task-queue stats (server 1.25+ does):"
              + " no backlog metrics for its pools; asking again in {}", t.address(), RECHECK_UNSUPPORTED);
        }
        List.copyOf(readings.keySet()).stream().filter(q -> targets.get(q.pool()) != null
            && targets.get(q.pool()).address().equals(t.address())).forEach(this::forget);
      } else {
        // Slow or failing: the last reading goes, so nothing stale is exported as current.
        forget(queue);
        log.debug("DescribeTaskQueue {} failed: {}", queue.queue(), e.getStatus());
      }
    }
  }

  private void record(QueueRef queue, Reading reading) {
    readings.put(queue, reading);
    meters.computeIfAbsent(queue, q -> {
      Tags tags = Tags.of("pool_namespace", q.pool().namespace(), "pool", q.pool().name(), "queue", q.queue(),
          "task_queue_type", q.type() == TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW ? "workflow" : "activity");
      return List.of(
          gauge("locus.task.queue.backlog", "Tasks waiting on the queue (approximate)", tags, q, Reading::backlog),
          gauge("locus.task.queue.backlog.age.seconds", "Age of the oldest waiting task", tags, q,
              Reading::backlogAgeSeconds),
          gauge("locus.task.queue.tasks.add.rate", "Tasks added per second", tags, q, Reading::addRate),
          gauge("locus.task.queue.tasks.dispatch.rate", "Tasks dispatched per second", tags, q,
              Reading::dispatchRate));
    });
  }

  private Meter gauge(String name, String description, Tags tags, QueueRef q,
      java.util.function.ToDoubleFunction<Reading> value) {
    return Gauge.builder(name, readings, r -> {
      Reading reading = r.get(q);
      return reading == null ? Double.NaN : value.applyAsDouble(reading);
    }).description(description).tags(tags).register(registry);
  }

  private void forget(QueueRef queue) {
    readings.remove(queue);
    List<Meter> gone = meters.remove(queue);
    if (gone != null) {
      gone.forEach(registry::remove);
    }
  }

  private static List<QueueRef> queuesOf(PoolRef pool, PoolTargets t) {
    List<QueueRef> queues = new ArrayList<>();
    t.workflowQueues().forEach(q -> queues.add(new QueueRef(pool, q, TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)));
    t.activityQueues().forEach(q -> queues.add(new QueueRef(pool, q, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)));
    return queues;
  }

  @Override
  public void close() {
    loop.shutdownNow();
    stubs.values().forEach(WorkflowServiceStubs::shutdownNow);
  }
}
