package dev.locus.operator.metrics;

import com.google.protobuf.util.Timestamps;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many sessions each worker of a pool holds, as Temporal reports it: every worker heartbeats to the server
 * (server 1.29+, ListWorkers), and its lease queue's used activity slots are its open sessions. Read only for pools
 * that ask (autoscaled pools, and scale-downs waiting for their leaving workers): in the background, every
 * {@link #REFRESH}, for as long as a pool asked within {@link #FORGET_AFTER}; so a reconcile finds a recent count.
 */
public final class SessionCensus implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionCensus.class);
  static final Duration REFRESH = Duration.ofSeconds(2);
  /** A worker silent this long has no sessions to wait for. */
  static final Duration SILENT = Duration.ofSeconds(10);
  /** A pool that has not asked for this long is no longer read. */
  static final Duration FORGET_AFTER = Duration.ofMinutes(1);

  /** Where a pool's lease queue is, and the prefix of its workers' identities. */
  public record Target(String address, String temporalNamespace, String leaseQueue, String identityPrefix) {}

  /** A worker's open sessions, as of its heartbeat at {@code reportedAt}. */
  public record Reading(int sessions, Instant reportedAt) {}

  private record Count(Map<String, Reading> sessionsByWorker, long readAtMillis) {}

  private final Function<String, WorkflowServiceStubs> stubsForAddress;
  private final Map<String, WorkflowServiceStubs> stubs = new ConcurrentHashMap<>();
  private final Map<Target, Count> counts = new ConcurrentHashMap<>();
  private final Map<Target, Long> askedAtMillis = new ConcurrentHashMap<>();
  private final ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "locus-session-census");
    t.setDaemon(true);
    return t;
  });
  private final Clock clock;

  public SessionCensus(Function<String, WorkflowServiceStubs> stubsForAddress, Clock clock) {
    this.stubsForAddress = stubsForAddress;
    this.clock = clock;
    reader.scheduleWithFixedDelay(this::readAll, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Open sessions by worker identity on {@code target}'s lease queue, as last read; empty until a first read
   * succeeded. Keeps it read while it is asked for.
   */
  public Optional<Map<String, Reading>> sessions(Target target) {
    if (askedAtMillis.put(target, clock.millis()) == null) {
      reader.execute(() -> read(target));
    }
    return Optional.ofNullable(counts.get(target)).map(Count::sessionsByWorker);
  }

  private void readAll() {
    long now = clock.millis();
    askedAtMillis.forEach((target, asked) -> {
      if (now - asked > FORGET_AFTER.toMillis()) {
        askedAtMillis.remove(target);
        counts.remove(target);
      } else {
        read(target);
      }
    });
  }

  private void read(Target target) {
    try {
      List<WorkerHeartbeat> heartbeats = WorkerHeartbeats.onQueue(
          stubs.computeIfAbsent(target.address(), stubsForAddress), target.temporalNamespace(), target.leaseQueue(),
          identity -> identity.startsWith(target.identityPrefix()));
      long now = clock.millis();
      Map<String, Reading> sessions = new HashMap<>();
      for (WorkerHeartbeat h : heartbeats) {
        long reportedAt = Timestamps.toMillis(h.getHeartbeatTime());
        if (now - reportedAt < SILENT.toMillis()) {
          sessions.put(h.getWorkerIdentity(), new Reading(h.getActivityTaskSlotsInfo().getCurrentUsedSlots(),
              Instant.ofEpochMilli(reportedAt)));
        }
      }
      counts.put(target, new Count(Map.copyOf(sessions), now));
    } catch (RuntimeException e) {
      log.debug("cannot list the workers of {}: {}", target.leaseQueue(), e.getMessage());
    }
  }

  @Override
  public void close() {
    reader.shutdownNow();
    stubs.values().forEach(WorkflowServiceStubs::shutdownNow);
  }
}
