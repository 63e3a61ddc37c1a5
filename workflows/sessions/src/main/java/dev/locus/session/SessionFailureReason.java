package dev.locus.session;

import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a session ended without being closed by its workflow.
 *
 * <p>The library's own reasons are the constants below. A domain declares its own with {@link #declare} (the file
 * workflow declares {@code LocalDiskFull}) and lists them in {@link SessionOptions#withFailureReasons}: an activity
 * that fails with such a reason's {@link #failureType()} ends its session, and the workflow re-routes.
 *
 * @param type the CamelCase name used in metrics ({@code reason} tags), reports and {@link SessionAttempt#outcome()}
 * @param failureType the Temporal ApplicationFailure type that carries it: {@code locus.<type>} for the library's
 *     own reasons, so that a user's failure of type "WorkerLost" never passes for the library's
 */
public record SessionFailureReason(String type, String failureType) {
  static final String NAMESPACE = "locus.";

  /** The worker stopped heartbeating the session (crash, kill -9, network partition). */
  public static final SessionFailureReason WORKER_LOST = library("WorkerLost");
  /** The worker is shutting down and its grace period ran out. */
  public static final SessionFailureReason WORKER_DRAINING = library("WorkerDraining");
  /**
   * The worker is restarting and keeps the session's local data: a workflow that allows it waits for the worker to
   * come back ({@link SessionOptions#resumeWithin}).
   */
  public static final SessionFailureReason WORKER_RESTARTING = library("WorkerRestarting");
  /** The worker's queue was drained after the worker left for good. */
  public static final SessionFailureReason QUEUE_DRAINED = library("QueueDrained");
  /** The worker no longer holds the session, nor what it kept for it (it restarted, or the session was released). */
  public static final SessionFailureReason LOCAL_DATA_MISSING = library("LocalDataMissing");
  /** No worker had a free session slot within the creation timeout. */
  public static final SessionFailureReason CREATION_TIMED_OUT = library("CreationTimedOut");
  /** The session outlived its execution timeout. */
  public static final SessionFailureReason EXECUTION_TIMED_OUT = library("ExecutionTimedOut");

  /** The library's own reasons. */
  public static final List<SessionFailureReason> LIBRARY = List.of(
      WORKER_LOST, WORKER_DRAINING, WORKER_RESTARTING, QUEUE_DRAINED, LOCAL_DATA_MISSING, CREATION_TIMED_OUT,
      EXECUTION_TIMED_OUT);

  public SessionFailureReason {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(failureType, "failureType");
  }

  private static SessionFailureReason library(String type) {
    return new SessionFailureReason(type, NAMESPACE + type);
  }

  /**
   * A domain's reason: its activities throw {@link #newFailure} (or any ApplicationFailure of type
   * {@code failureType}) when their worker can no longer serve the session, as a full local disk.
   *
   * @throws IllegalArgumentException for a type in the library's {@code locus.} namespace
   */
  public static SessionFailureReason declare(String type, String failureType) {
    if (failureType.startsWith(NAMESPACE)) {
      throw new IllegalArgumentException("failure types under '" + NAMESPACE + "' are the library's: " + failureType);
    }
    return new SessionFailureReason(type, failureType);
  }

  /** The non-retryable failure an activity throws to end its session with this reason. */
  public ApplicationFailure newFailure(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, failureType);
  }

  /** The library reason carried by {@code failureType}, also in the unprefixed form of histories before 0.2. */
  static Optional<SessionFailureReason> ofFailureType(String failureType, boolean legacyTypes) {
    return LIBRARY.stream()
        .filter(r -> r.failureType.equals(failureType) || (legacyTypes && r.type.equals(failureType)))
        .findFirst();
  }
}
