package dev.locus.session;

import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Real work on a worker's own queue that records how many ran at once per worker. */
public class ProbeActivitiesImpl implements ProbeActivities {
  public static final ConcurrentMap<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();
  public static final ConcurrentMap<String, AtomicInteger> PEAK = new ConcurrentHashMap<>();
  /** When each worker's last lingering activity stopped, in System.nanoTime(). */
  public static final ConcurrentMap<String, Long> LINGER_STOPPED = new ConcurrentHashMap<>();
  private final String workerId;
  private final SessionHost host;

  public ProbeActivitiesImpl(SessionHost host) {
    this.workerId = host.workerId();
    this.host = host;
  }

  @Override
  public String lingerAfterSessionEnds(long millis) {
    try {
      while (!host.openSessions().isEmpty()) {
        Thread.sleep(20);
      }
      Thread.sleep(millis);
      LINGER_STOPPED.put(workerId, System.nanoTime());
      throw ApplicationFailure.newNonRetryableFailure("input.bin: no such file", "NotFound");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String work(long millis) {
    int now = RUNNING.computeIfAbsent(workerId, k -> new AtomicInteger()).incrementAndGet();
    PEAK.computeIfAbsent(workerId, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
    try {
      long end = System.currentTimeMillis() + millis;
      while (System.currentTimeMillis() < end) {
        Activity.getExecutionContext().heartbeat(null);
        Thread.sleep(Math.min(100, Math.max(1, end - System.currentTimeMillis())));
      }
      return workerId;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      RUNNING.get(workerId).decrementAndGet();
    }
  }
}
