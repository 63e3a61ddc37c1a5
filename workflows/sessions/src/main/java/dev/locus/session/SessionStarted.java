package dev.locus.session;

/**
 * Sent by the worker that took a session to the workflow that asked for it.
 *
 * @param stepsDone for a session resumed after its worker restarted, how many of its steps the worker had completed
 *     and kept the data of; null for a session started afresh
 */
public record SessionStarted(String sessionId, String workerId, String taskQueue, Integer stepsDone) {}
