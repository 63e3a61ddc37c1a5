package dev.locus.session;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.Locale;

/** One line saying why something failed, from a Temporal failure chain: what its innermost cause says. */
public final class FailureMessages {
  private FailureMessages() {}

  /**
   * The innermost cause's own message: {@code Type: message} for an application failure, {@code activity
   * heartbeat timeout} and the like for a timeout. Wrappers (ExecutionException, ActivityFailure,
   * WorkflowFailedException...) add nothing and are skipped.
   */
  public static String describe(Throwable failure) {
    Throwable innermost = failure;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    if (innermost instanceof ApplicationFailure app) {
      return app.getType() + ": " + app.getOriginalMessage();
    }
    if (innermost instanceof TimeoutFailure timeout) {
      return "activity " + timeout.getTimeoutType().name().replace("TIMEOUT_TYPE_", "").toLowerCase(Locale.ROOT)
          + " timeout";
    }
    if (innermost instanceof TemporalFailure temporal) {
      return temporal.getOriginalMessage();
    }
    return innermost.getMessage() == null ? innermost.toString() : innermost.getMessage();
  }
}
