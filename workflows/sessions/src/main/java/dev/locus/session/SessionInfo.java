package dev.locus.session;

/**
 * One session of a workflow run, as the query {@value WorkerSessions#SESSIONS_QUERY} lists it.
 *
 * @param reason the failure's {@link SessionFailureReason#type()} when {@code state} is FAILED, else null
 */
public record SessionInfo(String sessionId, String workerId, String taskQueue, SessionState state, String reason) {}
