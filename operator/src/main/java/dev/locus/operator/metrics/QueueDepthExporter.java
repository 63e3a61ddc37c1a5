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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Temporal's task-queue stats (DescribeTaskQueue with report_stats, server 1.25+) for every pool's queues and
 * exports them as gauges: locus_task_queue_backlog, locus_task_queue_backlog_age_seconds,
 * locus_task_queue_tasks_add_rate, locus_task_queue_tasks_dispatch_rate {pool_namespace, pool, queue, task_queue_type}.
 *
 * <p>Reads go through the operator's {@link TemporalReads} budget: a pool's {@link PoolTargets#freshQueue} every
 * {@link #FRESH_EVERY} ahead of everything else, the other queues every {@link #BACKGROUND_EVERY} or as the rest of
 * the budget allows. A server that does not implement the call is remembered (and logged once): no request goes to
 * it for a while, and no number is made up for its pools.
 */
public final class QueueDepthExporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueueDepthExporter.class);
  static final Duration RECHECK_UNSUPPORTED = Duration.ofMinutes(10);
  public static final Duration FRESH_EVERY = Duration.ofSeconds(10);
  static final Duration BACKGROUND_EVERY = Duration.ofSeconds(30);

  /**
   * What to read for one pool.
   *
   * @param freshQueue an activity queue a decision waits on, read every {@link #FRESH_EVERY}; null if none
   */
  public record PoolTargets(String address, String temporalNamespace, List<String> workflowQueues,
      List<String> activityQueues, String freshQueue) {}

  public record PoolRef(String namespace, String name) {}

  record QueueRef(PoolRef pool, String queue, TaskQueueType type) {}

  record Reading(long backlog, double backlogAgeSeconds, double addRate, double dispatchRate, long readAtNanos) {}

  private final MeterRegistry registry;
  private final Function<String, WorkflowServiceStubs> stubsForAddress;
  private final Duration timeout;
  private final TemporalReads reads;
  private final Map<PoolRef, PoolTargets> targets = new ConcurrentHashMap<>();
  private final Map<QueueRef, Reading> readings = new ConcurrentHashMap<>();
  /** When each pool's fresh queue became fresh (System.nanoTime): only readings since then count for a decision. */
  private final Map<QueueRef, Long> freshSinceNanos = new ConcurrentHashMap<>();
  private final Map<QueueRef, List<Meter>> meters = new ConcurrentHashMap<>();
  private final Map<String, Long> unsupportedUntil = new ConcurrentHashMap<>();
  private final Map<String, WorkflowServiceStubs> stubs = new ConcurrentHashMap<>();
  private volatile Consumer<PoolRef> onFreshReading = pool -> { };

  public QueueDepthExporter(MeterRegistry registry, Function<String, WorkflowServiceStubs> stubsForAddress,
      TemporalReads reads, Duration timeout) {
    this.registry = registry;
    this.stubsForAddress = stubsForAddress;
    this.timeout = timeout;
    this.reads = reads;
  }

  /**
   * Called with a pool whose fresh queue was read with a new figure (the first since it became fresh, or a changed
   * one), so the decision waiting on it is made now.
   */
  public void onFreshReading(Consumer<PoolRef> listener) {
    onFreshReading = listener;
  }

  /** Sets (or, with null, removes) what is read for a pool. */
  public void track(PoolRef pool, PoolTargets poolTargets) {
    PoolTargets before = poolTargets == null ? targets.remove(pool) : targets.put(pool, poolTargets);
    List<QueueRef> current = poolTargets == null ? List.of() : queuesOf(pool, poolTargets);
    if (before != null) {
      queuesOf(pool, before).stream().filter(q -> !current.contains(q)).forEach(q -> {
        reads.cancel(q);
        forget(q);
      });
    }
    freshSinceNanos.keySet().removeIf(q -> q.pool().equals(pool) && !isFresh(q, poolTargets));
    for (QueueRef q : current) {
      boolean fresh = isFresh(q, poolTargets);
      if (fresh) {
        freshSinceNanos.putIfAbsent(q, System.nanoTime());
      }
      reads.schedule(q, fresh ? ReadSchedule.Tier.FRESH : ReadSchedule.Tier.BACKGROUND,
          fresh ? FRESH_EVERY : BACKGROUND_EVERY, () -> readIfSupported(q));
    }
  }

  /** The pool's total backlog, if every one of its queues has been read. */
  public Optional<Long> backlog(PoolRef pool) {
    return readingsOf(pool).map(all -> all.stream().mapToLong(Reading::backlog).sum());
  }

  /**
   * The backlog of the pool's fresh activity queue {@code queue}, if it was read since it became fresh and within two
   * of its periods: a reading from before a decision needed it (the queue was idle then) says nothing of now.
   */
  public Optional<Long> freshBacklog(PoolRef pool, String queue) {
    PoolTargets t = targets.get(pool);
    QueueRef ref = new QueueRef(pool, queue, TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY);
    Long since = freshSinceNanos.get(ref);
    if (t == null || since == null || unsupported(t.address())) {
      return Optional.empty();
    }
    return Optional.ofNullable(readings.get(ref))
        .filter(r -> r.readAtNanos() >= since && System.nanoTime() - r.readAtNanos() <= 2 * FRESH_EVERY.toNanos())
        .map(Reading::backlog);
  }

  private static boolean isFresh(QueueRef q, PoolTargets t) {
    return t != null && q.type() == TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY && q.queue().equals(t.freshQueue());
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

  private int readIfSupported(QueueRef queue) {
    PoolTargets t = targets.get(queue.pool());
    if (t == null || unsupported(t.address())) {
      return 0;
    }
    read(t, queue);
    return 1;
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
          stats.getTasksAddRate(), stats.getTasksDispatchRate(), System.nanoTime()));
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
    Reading before = readings.put(queue, reading);
    Long freshSince = freshSinceNanos.get(queue);
    if (freshSince != null && (before == null || before.readAtNanos() < freshSince
        || before.backlog() != reading.backlog())) {
      onFreshReading.accept(queue.pool());
    }
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
    targets.keySet().forEach(pool -> track(pool, null));
    stubs.values().forEach(WorkflowServiceStubs::shutdownNow);
  }
}
