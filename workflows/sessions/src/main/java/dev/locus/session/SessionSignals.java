package dev.locus.session;

import io.temporal.workflow.SignalMethod;

/** The signals of sessions, sent by workers to the workflows that hold sessions. Registered once per run by Locus. */
public interface SessionSignals {
  String SESSION_STARTED = "LocusSessionStarted";
  String WORKER_LOST = "LocusWorkerLost";

  /** A worker has taken a session. */
  @SignalMethod(name = SESSION_STARTED)
  void sessionStarted(SessionStarted started);

  /** A session's worker lost its presence ({@link SessionOptions.Liveness#PER_WORKER}). */
  @SignalMethod(name = WORKER_LOST)
  void workerLost(WorkerLost lost);

  /**
   * @param incarnation the process of the worker that held the session ({@link SessionStarted#incarnation}): a
   *     loss of an earlier process does not end a session its successor took back
   */
  record WorkerLost(String sessionId, String workerId, String incarnation, String message) {}
}
