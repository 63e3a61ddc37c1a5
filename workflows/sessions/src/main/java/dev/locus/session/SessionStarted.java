package dev.locus.session;

/** Sent by the worker that took a session to the workflow that asked for it. */
public record SessionStarted(String sessionId, String workerId, String taskQueue) {}
