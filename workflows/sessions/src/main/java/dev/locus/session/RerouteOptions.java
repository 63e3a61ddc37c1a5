package dev.locus.session;

import java.time.Duration;
import java.util.Set;

/**
 * How {@link WorkerSessions#runWithReroute} retries a unit of work on another worker. The second attempt starts at
 * once (the failure was the worker's, not the work's); later ones wait {@code initialBackoff}, growing by
 * {@code backoffCoefficient} up to {@code maxBackoff}. By default every library reason re-routes; a domain's own
 * reasons re-route once added with {@link #alsoOn}.
 */
public record RerouteOptions(
    int maxAttempts,
    Duration initialBackoff,
    double backoffCoefficient,
    Duration maxBackoff,
    Set<SessionFailureReason> rerouteOn) {

  public RerouteOptions {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (backoffCoefficient < 1) {
      throw new IllegalArgumentException("backoffCoefficient must be at least 1, got " + backoffCoefficient);
    }
    rerouteOn = Set.copyOf(rerouteOn);
  }

  public static RerouteOptions defaults() {
    return new RerouteOptions(
        5, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), Set.copyOf(SessionFailureReason.LIBRARY));
  }

  /** Also re-routes on a domain's own reasons (declare them in {@link SessionOptions#withFailureReasons} too). */
  public RerouteOptions alsoOn(SessionFailureReason... reasons) {
    Set<SessionFailureReason> on = new java.util.HashSet<>(rerouteOn);
    on.addAll(Set.of(reasons));
    return new RerouteOptions(maxAttempts, initialBackoff, backoffCoefficient, maxBackoff, on);
  }

  public RerouteOptions withMaxAttempts(int n) {
    return new RerouteOptions(n, initialBackoff, backoffCoefficient, maxBackoff, rerouteOn);
  }

  /** The wait before attempt {@code attempt} (1-based). */
  public Duration backoffBefore(int attempt) {
    if (attempt <= 2) {
      return Duration.ZERO;
    }
    double millis = initialBackoff.toMillis() * Math.pow(backoffCoefficient, attempt - 3);
    return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
  }
}
