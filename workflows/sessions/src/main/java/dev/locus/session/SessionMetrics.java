package dev.locus.session;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Consumer;

/** A session host's meters. The only class of the library that uses Micrometer. */
final class SessionMetrics {
  private SessionMetrics() {}

  /** Registers the host's gauges and returns the counter of failures it records, by reason. */
  static Consumer<SessionFailureReason> bind(SessionHost host, MeterRegistry registry) {
    Gauge.builder("locus.sessions.active", host, h -> h.openSessions().size())
        .description("Sessions open on this worker").register(registry);
    Gauge.builder("locus.session.slots", host, SessionHost::maxSessions)
        .description("Session slots of this worker (maxConcurrentSessions)").register(registry);
    Counter.Builder failures = Counter.builder("locus.session.failures")
        .description("Sessions this worker ended itself, by reason (re-routes of every cause are counted by the"
            + " workflows, as locus_session_reroutes_total)");
    for (SessionFailureReason reason : SessionFailureReason.LIBRARY) {
      failures.tag("reason", reason.type()).register(registry); // every reason exported from the start, at 0
    }
    return reason -> failures.tag("reason", reason.type()).register(registry).increment();
  }
}
