package dev.locus.session;

/** One activity run through a session, as the workflow saw it. Times are workflow time (epoch millis). */
public record SessionStep(String activity, String workerId, long startedAtMillis, long endedAtMillis, String outcome) {}
