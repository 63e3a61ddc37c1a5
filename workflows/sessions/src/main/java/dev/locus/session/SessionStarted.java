package dev.locus.session;

/**
 * Sent by the worker that took a session to the workflow that asked for it.
 *
 * @param stepsDone for a session resumed after its worker restarted, how many of its steps the worker had completed
 *     and kept the data of; null for a session started afresh
 * @param incarnation this process of the worker (a new one on each start); null from workers before Locus 0.4
 */
public record SessionStarted(String sessionId, String workerId, String taskQueue, Integer stepsDone,
    String incarnation) {
  /** As before incarnations: from a worker before Locus 0.4. */
  public SessionStarted(String sessionId, String workerId, String taskQueue, Integer stepsDone) {
    this(sessionId, workerId, taskQueue, stepsDone, null);
  }
}
