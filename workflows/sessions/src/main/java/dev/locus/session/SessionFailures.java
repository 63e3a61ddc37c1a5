package dev.locus.session;

import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.Optional;

/** Decides which activity failures mean "this session's worker can no longer serve it". */
public final class SessionFailures {
  private SessionFailures() {}

  /** The reason a failed lease ended the session; empty when the lease was cancelled by the workflow. */
  public static Optional<SessionFailureReason> ofLease(Throwable failure) {
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
  public static Optional<SessionFailureReason> ofActivity(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof TimeoutFailure timeout) {
      TimeoutType type = timeout.getTimeoutType();
      return type == TimeoutType.TIMEOUT_TYPE_HEARTBEAT || type == TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START
          ? Optional.of(SessionFailureReason.WORKER_LOST)
          : Optional.empty();
    }
    return applicationReason(cause);
  }

  private static Optional<SessionFailureReason> applicationReason(Throwable cause) {
    if (cause instanceof ApplicationFailure app) {
      return SessionFailureReason.fromType(app.getType());
    }
    return Optional.empty();
  }

  /** The most useful message in a Temporal failure chain. */
  public static String describe(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t instanceof ActivityFailure) {
      t = t.getCause();
    }
    if (t instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    if (t instanceof TimeoutFailure timeout) {
      return "activity " + timeout.getTimeoutType().name().replace("TIMEOUT_TYPE_", "").toLowerCase()
          + " timeout";
    }
    return t.getMessage();
  }
}
