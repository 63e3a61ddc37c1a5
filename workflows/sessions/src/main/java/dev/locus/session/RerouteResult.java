package dev.locus.session;

import java.util.List;

/** The value of the attempt that succeeded, and every attempt made, in order. */
public record RerouteResult<R>(R value, List<SessionAttempt> attempts) {
  public SessionAttempt last() {
    return attempts.get(attempts.size() - 1);
  }
}
