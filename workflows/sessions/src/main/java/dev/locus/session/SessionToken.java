package dev.locus.session;

import java.util.Objects;

/**
 * Carries a session's worker across continue-as-new, as Go's RecreateSession token does: pass it in the next run's
 * input and give it to {@link WorkerSessions#reopen}.
 *
 * @param workerId the worker that held the session
 * @param taskQueue that worker's own queue
 */
public record SessionToken(String workerId, String taskQueue) {
  public SessionToken {
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(taskQueue, "taskQueue");
  }
}
