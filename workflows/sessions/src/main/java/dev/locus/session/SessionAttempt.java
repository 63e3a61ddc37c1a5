package dev.locus.session;

import java.util.List;

/**
 * One attempt of a re-routed unit of work. {@code outcome} is "Completed", "Failed" (the work itself failed) or a
 * {@link SessionFailureReason#type()}. Times are workflow time (epoch millis).
 */
public record SessionAttempt(
    int number,
    String sessionId,
    String workerId,
    String outcome,
    String message,
    long startedAtMillis,
    long endedAtMillis,
    List<SessionStep> steps) {}
