package dev.locus.worker;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** One line saying why a workflow failed: the innermost Temporal failure's own message and type. */
public final class Failures {
  private Failures() {}

  public static String describe(Throwable error) {
    Throwable t = error;
    while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    Throwable innermost = t;
    while (innermost.getCause() != null) {
      innermost = innermost.getCause();
    }
    if (innermost instanceof ApplicationFailure app) {
      return app.getType() + ": " + app.getOriginalMessage();
    }
    if (innermost instanceof TemporalFailure f) {
      return f.getOriginalMessage();
    }
    return innermost.getMessage();
  }
}
