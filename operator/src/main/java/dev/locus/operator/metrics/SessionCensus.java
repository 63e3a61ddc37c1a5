package dev.locus.operator.metrics;

import com.google.protobuf.util.Timestamps;
import dev.locus.operator.metrics.QueueDepthExporter.PoolRef;
import dev.locus.session.WorkerHeartbeats;
import io.temporal.api.worker.v1.WorkerHeartbeat;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many sessions each worker of a pool holds, and how many slots it has free, as Temporal reports it: every worker
 * heartbeats to the server (server 1.29+, ListWorkers), and its lease queue's activity slots are its sessions. Read
 * only for pools that ask (autoscaled pools, and scale-downs waiting for their leaving workers), for as long as a
 * pool asked within {@link #FORGET_AFTER}: one listing per Temporal namespace for all of them every {@link #REFRESH},
 * through the operator's {@link TemporalReads} budget, so a reconcile finds a recent count. A pool whose count changed
 * is {@linkplain #onChange announced}, so the autoscaler and a waiting scale-down act on it at once.
 */
public final class SessionCensus implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionCensus.class);
  static final Duration REFRESH = Duration.ofSeconds(2);
  /** A worker silent this long has no sessions to wait for. */
  static final Duration SILENT = Duration.ofSeconds(10);
  /** A pool that has not asked for this long is no longer read. */
  static final Duration FORGET_AFTER = Duration.ofMinutes(1);

  /** A pool, where its lease queue is, and the prefix of its workers' identities. */
  public record Target(PoolRef pool, String address, String temporalNamespace, String leaseQueue,
      String identityPrefix) {}

  /** A worker's open sessions and free session slots, as of its heartbeat at {@code reportedAt}. */
  public record Reading(int sessions, int freeSlots, Instant reportedAt) {}

  private record Namespace(String address, String temporalNamespace) {}

  private final Function<String, WorkflowServiceStubs> stubsForAddress;
  private final TemporalReads reads;
  private final Map<String, WorkflowServiceStubs> stubs = new ConcurrentHashMap<>();
  private final Map<Target, Map<String, Reading>> counts = new ConcurrentHashMap<>();
  private final Map<Target, Long> askedAtMillis = new ConcurrentHashMap<>();
  private final Clock clock;
  private volatile Consumer<PoolRef> onChange = pool -> { };

  public SessionCensus(Function<String, WorkflowServiceStubs> stubsForAddress, TemporalReads reads, Clock clock) {
    this.stubsForAddress = stubsForAddress;
    this.reads = reads;
    this.clock = clock;
  }

  /** Called with a pool whose workers' sessions or free slots changed, so it is looked at again now. */
  public void onChange(Consumer<PoolRef> listener) {
    onChange = listener;
  }

  /**
   * Sessions and free slots by worker identity on {@code target}'s lease queue, as last read; empty until a first
   * read succeeded. Keeps it read while it is asked for.
   */
  public Optional<Map<String, Reading>> sessions(Target target) {
    askedAtMillis.put(target, clock.millis());
    Namespace ns = new Namespace(target.address(), target.temporalNamespace());
    reads.schedule(ns, ReadSchedule.Tier.FRESH, REFRESH, () -> read(ns));
    return Optional.ofNullable(counts.get(target));
  }

  private int read(Namespace ns) {
    long now = clock.millis();
    askedAtMillis.entrySet().removeIf(e -> {
      boolean forgotten = now - e.getValue() > FORGET_AFTER.toMillis();
      if (forgotten) {
        counts.remove(e.getKey());
      }
      return forgotten;
    });
    Set<Target> asked = askedAtMillis.keySet().stream()
        .filter(t -> t.address().equals(ns.address()) && t.temporalNamespace().equals(ns.temporalNamespace()))
        .collect(Collectors.toSet());
    if (asked.isEmpty()) {
      reads.cancel(ns);
      return 0;
    }
    WorkerHeartbeats.Listing listing;
    try {
      listing = WorkerHeartbeats.onQueues(stubs.computeIfAbsent(ns.address(), stubsForAddress),
          ns.temporalNamespace(), asked.stream().map(Target::leaseQueue).collect(Collectors.toSet()));
    } catch (RuntimeException e) {
      log.debug("cannot list the workers of {} at {}: {}", ns.temporalNamespace(), ns.address(), e.getMessage());
      return 1;
    }
    for (Target target : asked) {
      Map<String, Reading> sessions = new HashMap<>();
      for (WorkerHeartbeat h : listing.heartbeats()) {
        long reportedAt = Timestamps.toMillis(h.getHeartbeatTime());
        if (h.getTaskQueue().equals(target.leaseQueue()) && h.getWorkerIdentity().startsWith(target.identityPrefix())
            && now - reportedAt < SILENT.toMillis()) {
          sessions.put(h.getWorkerIdentity(), new Reading(h.getActivityTaskSlotsInfo().getCurrentUsedSlots(),
              h.getActivityTaskSlotsInfo().getCurrentAvailableSlots(), Instant.ofEpochMilli(reportedAt)));
        }
      }
      Map<String, Reading> before = counts.put(target, Map.copyOf(sessions));
      if (before == null || !slots(before).equals(slots(sessions))) {
        onChange.accept(target.pool());
      }
    }
    return listing.calls();
  }

  /** What a decision depends on: each worker's sessions and free slots, not when it said so. */
  private static Map<String, List<Integer>> slots(Map<String, Reading> byWorker) {
    return byWorker.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
        e -> List.of(e.getValue().sessions(), e.getValue().freeSlots())));
  }

  @Override
  public void close() {
    stubs.values().forEach(WorkflowServiceStubs::shutdownNow);
  }
}
