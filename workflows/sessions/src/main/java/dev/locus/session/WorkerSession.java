package dev.locus.session;

import io.temporal.activity.ActivityOptions;
import java.util.List;
import java.util.Optional;

/**
 * A session on one worker, seen from workflow code. Activities created with {@link #newActivityStub} run on that
 * worker's own queue; once the session fails every call throws {@link SessionFailed}. Close it (try-with-resources)
 * to free the worker's slot at once.
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
   * a heartbeat timeout is added when {@code options} has none.
   */
  <T> T newActivityStub(Class<T> activityInterface, ActivityOptions options);

  /** Every activity run through this session so far. */
  List<SessionStep> steps();

  @Override
  void close();
}
