package dev.locus.session;

/**
 * The session's worker can no longer serve it. Thrown by session activity stubs and by {@link WorkerSessions#open}.
 * Register it in {@code WorkflowImplementationOptions.setFailWorkflowExceptionTypes} if it may escape a workflow
 * (the Locus worker does), so that it fails the workflow instead of retrying the workflow task.
 */
public class SessionFailed extends RuntimeException {
  private final SessionFailureReason reason;
  private final String workerId;

  public SessionFailed(SessionFailureReason reason, String workerId, String message) {
    super(reason.type() + (workerId == null ? "" : " on worker " + workerId) + ": " + message);
    this.reason = reason;
    this.workerId = workerId;
  }

  public SessionFailureReason reason() {
    return reason;
  }

  /** The worker that held the session, or null when none was found. */
  public String workerId() {
    return workerId;
  }
}
