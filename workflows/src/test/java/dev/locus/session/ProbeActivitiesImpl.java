package dev.locus.session;

import io.temporal.activity.Activity;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Real work on a worker's own queue that records how many ran at once per worker. */
public class ProbeActivitiesImpl implements ProbeActivities {
  public static final ConcurrentMap<String, AtomicInteger> RUNNING = new ConcurrentHashMap<>();
  public static final ConcurrentMap<String, AtomicInteger> PEAK = new ConcurrentHashMap<>();
  private final String workerId;

  public ProbeActivitiesImpl(String workerId) {
    this.workerId = workerId;
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
