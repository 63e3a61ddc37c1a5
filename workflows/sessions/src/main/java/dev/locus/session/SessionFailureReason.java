package dev.locus.session;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a session ended without being closed by its workflow. {@link #type()} is the CamelCase name used as the
 * Temporal ApplicationFailure type, in metrics and in reports.
 */
public enum SessionFailureReason {
  /** The worker stopped heartbeating the session (crash, kill -9, network partition). */
  WORKER_LOST("WorkerLost"),
  /** The worker is shutting down and its grace period ran out. */
  WORKER_DRAINING("WorkerDraining"),
  /** The worker's queue was drained after the worker left for good. */
  QUEUE_DRAINED("QueueDrained"),
  /** The worker no longer has the session's local files (for example, it restarted). */
  LOCAL_DATA_MISSING("LocalDataMissing"),
  /** The worker's local disk has no room for the session's data. */
  LOCAL_DISK_FULL("LocalDiskFull"),
  /** No worker had a free session slot within the creation timeout. */
  CREATION_TIMED_OUT("CreationTimedOut"),
  /** The session outlived its execution timeout. */
  EXECUTION_TIMED_OUT("ExecutionTimedOut");

  private final String type;

  SessionFailureReason(String type) {
    this.type = type;
  }

  public String type() {
    return type;
  }

  public static Optional<SessionFailureReason> fromType(String type) {
    return Arrays.stream(values()).filter(r -> r.type.equals(type)).findFirst();
  }
}
