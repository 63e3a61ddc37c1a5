package dev.locus.session;

import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Entry points for workflow code. */
public final class WorkerSessions {
  /** Sessions that failed under {@link #runWithReroute}, by reason: locus_session_reroutes_total{reason}. */
  public static final String REROUTES_METRIC = "locus_session_reroutes";

  /**
   * The query every workflow on a worker with the session interceptor answers: the sessions its run opened, with
   * their state ({@code temporal workflow query --name locus.sessions}).
   */
  public static final String SESSIONS_QUERY = "locus.sessions";

  private WorkerSessions() {}

  /**
   * Opens a session on a worker with a free slot, waiting up to the creation timeout for one.
   *
   * @throws SessionFailed with {@link SessionFailureReason#CREATION_TIMED_OUT} when no worker took it in time
   */
  public static WorkerSession open(SessionOptions options) {
    return WorkflowSession.open(options);
  }

  /**
   * Opens a session on the worker of {@code token} (from {@link WorkerSession#token} in the run before a
   * continue-as-new) if that worker is alive and has a free slot within one heartbeat timeout, else on any worker as
   * {@link #open} does: compare {@link WorkerSession#workerId} with the token's to know which.
   */
  public static WorkerSession reopen(SessionToken token, SessionOptions options) {
    return WorkflowSession.reopen(token, options);
  }

  /**
   * Runs {@code work} in a session; when the session fails, opens a new one on another worker and runs the work
   * again from the start. Failures of the work itself are not retried here.
   *
   * <p>With {@link SessionOptions#resumeWithin}, a session whose worker was lost or is restarting is first asked back
   * from that worker for that long: if it comes back with the session's data, {@code work} runs again in the resumed
   * session, where the activity calls that had completed return their results at once instead of running again, so
   * the work continues from its first step not done. Write {@code work} so that it makes the same calls in the same
   * order each time (as workflow code must anyway).
   *
   * @throws SessionFailed when the last attempt's session failed
   */
  public static <R> RerouteResult<R> runWithReroute(
      SessionOptions sessionOptions, RerouteOptions rerouteOptions, Functions.Func1<WorkerSession, R> work) {
    List<SessionAttempt> attempts = new ArrayList<>();
    WorkflowSession resumable = null;
    for (int attempt = 1; ; attempt++) {
      long resumeStartedAt = Workflow.currentTimeMillis();
      WorkflowSession session = null;
      if (resumable != null) {
        try {
          session = WorkflowSession.resume(resumable, sessionOptions);
        } catch (SessionFailed e) {
          if (!Workflow.isReplaying()) {
            Workflow.getLogger(WorkerSessions.class).warn("worker {} did not take session {} back within {} ({});"
                + " re-routing", resumable.workerId(), resumable.sessionId(), sessionOptions.resumeWithin(),
                e.getMessage());
          }
        }
        resumable = null;
      }
      if (session == null) {
        Duration backoff = rerouteOptions.backoffBefore(attempt);
        if (!backoff.isZero()) {
          Workflow.sleep(backoff);
        }
      }
      long startedAt = session != null ? resumeStartedAt : Workflow.currentTimeMillis();
      try {
        if (session == null) {
          session = WorkflowSession.open(sessionOptions);
        }
        R value = work.apply(session);
        attempts.add(attempt(attempt, session, "Completed", null, startedAt));
        return new RerouteResult<>(value, List.copyOf(attempts));
      } catch (SessionFailed e) {
        attempts.add(attempt(attempt, session, e.reason().type(), e.getMessage(), startedAt));
        // Replay-safe: the workflow metrics scope counts nothing while replaying.
        Workflow.getMetricsScope().tagged(Map.of("reason", e.reason().type()))
            .counter(REROUTES_METRIC).inc(1);
        if (attempt >= rerouteOptions.maxAttempts() || !rerouteOptions.rerouteOn().contains(e.reason())) {
          throw e;
        }
        if (session != null && resumes(sessionOptions, e.reason())) {
          resumable = session;
          continue;
        }
        if (!Workflow.isReplaying()) {
          Workflow.getLogger(WorkerSessions.class)
              .warn("attempt {} failed ({}); re-routing to another worker", attempt, e.getMessage());
        }
      } catch (RuntimeException e) {
        attempts.add(attempt(attempt, session, "Failed", e.getMessage(), startedAt));
        throw e;
      } finally {
        if (session != null) {
          session.close();
        }
      }
    }
  }

  /** Whether the worker of a session that failed with {@code reason} may come back with its data. */
  private static boolean resumes(SessionOptions options, SessionFailureReason reason) {
    return !options.resumeWithin().isZero() && (reason.equals(SessionFailureReason.WORKER_LOST)
        || reason.equals(SessionFailureReason.WORKER_RESTARTING));
  }

  private static SessionAttempt attempt(
      int number, WorkerSession session, String outcome, String message, long startedAt) {
    return new SessionAttempt(
        number,
        session == null ? null : session.sessionId(),
        session == null ? null : session.workerId(),
        outcome,
        message,
        startedAt,
        Workflow.currentTimeMillis(),
        session == null ? List.of() : session.steps());
  }
}
