package dev.locus.session;

import io.temporal.activity.ActivityOptions;
import java.util.List;
import java.util.Optional;

/**
 * A session on one worker, seen from workflow code. Activities created with {@link #newActivityStub} run on that
 * worker's own queue; once the session fails every call throws {@link SessionFailed}. Close it (try-with-resources)
 * to free the worker's slot at once.
 *
 * <p>Go's sessions, for comparison: {@link WorkerSessions#open} is CreateSession, {@link #close} CompleteSession,
 * {@link #token} with {@link WorkerSessions#reopen} RecreateSession, and {@link #sessionId}, {@link #workerId},
 * {@link #state} GetSessionInfo.
 */
public interface WorkerSession extends AutoCloseable {
  String sessionId();

  /** The identity of the worker holding the session (its pod name in Kubernetes). */
  String workerId();

  /** The worker's own task queue. */
  String taskQueue();

  /** The failure that ended the session, if it has failed. */
  Optional<SessionFailed> failure();

  /**
   * A stub whose activities run on this session's worker. Task queue and cancellation type are set by the session;
   * every other option is {@code options}' own: no heartbeat timeout is forced on the activities, since a lost worker
   * is the session's lease to detect.
   */
  <T> T newActivityStub(Class<T> activityInterface, ActivityOptions options);

  /** Open, failed or closed. */
  SessionState state();

  /**
   * A token that reopens a session on this session's worker in the next run, after continue-as-new: close this
   * session, pass the token in the next run's input and give it to {@link WorkerSessions#reopen}.
   */
  SessionToken token();

  /** Every activity run through this session so far. */
  List<SessionStep> steps();

  @Override
  void close();
}
