package dev.locus.session;

import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which activity failures mean "this session's worker can no longer serve it".
 *
 * @param domain the reasons the workflow's domain declared ({@link SessionOptions#failureReasons()})
 * @param legacyTypes also take the library's unprefixed failure types ("WorkerLost"), which runs started before the
 *     types were namespaced carry in their histories
 */
record SessionFailures(Set<SessionFailureReason> domain, boolean legacyTypes) {

  /** The reason a failed lease ended the session; empty when the lease was cancelled by the workflow. */
  Optional<SessionFailureReason> ofLease(Throwable failure) {
    Throwable cause = failure instanceof ActivityFailure ? failure.getCause() : failure;
    if (cause instanceof CanceledFailure) {
      return Optional.empty();
    }
    if (cause instanceof TimeoutFailure timeout) {
      return Optional.of(
          switch (timeout.getTimeoutType()) {
            case TIMEOUT_TYPE_SCHEDULE_TO_START -> SessionFailureReason.CREATION_TIMED_OUT;
            case TIMEOUT_TYPE_START_TO_CLOSE, TIMEOUT_TYPE_SCHEDULE_TO_CLOSE ->
                SessionFailureReason.EXECUTION_TIMED_OUT;
            default -> SessionFailureReason.WORKER_LOST;
          });
    }
    return Optional.of(applicationReason(cause).orElse(SessionFailureReason.WORKER_LOST));
  }

  /** The reason a failed session activity ends its session; empty when it is the work's own failure. */
  Optional<SessionFailureReason> ofActivity(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof TimeoutFailure timeout) {
      TimeoutType type = timeout.getTimeoutType();
      return type == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START
          ? Optional.of(SessionFailureReason.WORKER_LOST)
          : Optional.empty();
    }
    return applicationReason(cause);
  }

  private Optional<SessionFailureReason> applicationReason(Throwable cause) {
    if (!(cause instanceof ApplicationFailure app)) {
      return Optional.empty();
    }
    return SessionFailureReason.ofFailureType(app.getType(), legacyTypes)
        .or(() -> domain.stream().filter(r -> r.failureType().equals(app.getType())).findFirst());
  }

  /** Whether {@code failure} is an application failure of {@code type}, or an activity failure caused by one. */
  static boolean hasType(Throwable failure, String type) {
    Throwable cause = failure instanceof ActivityFailure ? failure.getCause() : failure;
    return cause instanceof ApplicationFailure app && type.equals(app.getType());
  }
}
