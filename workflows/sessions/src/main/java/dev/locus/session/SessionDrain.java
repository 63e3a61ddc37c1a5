package dev.locus.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's drain, in named phases: {@link Phase#STOP_TAKING}, {@link Phase#AWAIT_SESSIONS},
 * {@link Phase#FAIL_REMAINING}, {@link Phase#SETTLE}. The factory goes on serving workflow tasks through every phase, so
 * the failures the drain causes are handled here at once, not after a task timeout elsewhere.
 *
 * <p>Lease polling is suspended, not shut down: shutting a worker down stops the SDK's heartbeat executor, which would
 * end every open lease as a lost worker instead of letting it finish.
 */
public final class SessionDrain {
  private static final Logger log = LoggerFactory.getLogger(SessionDrain.class);

  /** After failing sessions, how long this worker keeps serving the workflow tasks that the failures cause. */
  static final Duration SETTLE = Duration.ofMillis(500);
  /** How long failed sessions get to stop their running activities. */
  static final Duration FAILED_SESSIONS_STOP = Duration.ofSeconds(5);

  public enum Phase {
    /** Not started. */
    SERVING,
    /** The worker takes no new session: lease polling is suspended, and a lease still delivered is refused. */
    STOP_TAKING,
    /** Open sessions may close by themselves within the grace period. */
    AWAIT_SESSIONS,
    /**
     * Sessions still open fail as WorkerDraining and their workflows re-route now; or, in a drain for a restart of a
     * worker that keeps its sessions, as WorkerRestarting, kept to be resumed.
     */
    FAIL_REMAINING,
    /** The failed sessions' activities stop, and the workflow tasks the failures cause are served. */
    SETTLE,
    /** The factory can be shut down. */
    DONE
  }

  /** What a drain did: sessions that closed in time, and those failed (or, for a restart, suspended). */
  public record Result(int closedInTime, int failed, long tookMillis) {}

  private final SessionHost host;
  private final boolean restart;
  private volatile Phase phase = Phase.SERVING;

  /** @param restart whether the worker comes back: its remaining sessions are suspended, if it keeps them */
  SessionDrain(SessionHost host, boolean restart) {
    this.host = host;
    this.restart = restart;
  }

  public Phase phase() {
    return phase;
  }

  Result run(Duration grace) throws InterruptedException {
    long start = System.nanoTime();
    int open = stopTaking();
    awaitSessions(grace);
    int failed = failRemaining();
    settle(failed);
    phase = Phase.DONE;
    Result result = new Result(open - failed, failed, (System.nanoTime() - start) / 1_000_000);
    log.info("worker {} drained: {} sessions closed in time, {} {}, took {} ms", host.workerId(),
        result.closedInTime(), result.failed(), restart && host.keepsSessions() ? "suspended for its restart"
            : "failed as WorkerDraining", result.tookMillis());
    return result;
  }

  /** Returns how many sessions were open when the worker stopped taking new ones. */
  int stopTaking() {
    phase = Phase.STOP_TAKING;
    host.stopTakingSessions();
    return host.openSessions().size();
  }

  boolean awaitSessions(Duration grace) throws InterruptedException {
    phase = Phase.AWAIT_SESSIONS;
    return host.awaitNoSessions(grace);
  }

  int failRemaining() {
    phase = Phase.FAIL_REMAINING;
    return host.failOpenSessions(restart);
  }

  void settle(int failed) throws InterruptedException {
    phase = Phase.SETTLE;
    host.awaitNoSessions(FAILED_SESSIONS_STOP);
    if (failed > 0) {
      TimeUnit.MILLISECONDS.sleep(SETTLE.toMillis());
    }
  }
}
