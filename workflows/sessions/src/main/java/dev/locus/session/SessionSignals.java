package dev.locus.session;

import io.temporal.workflow.SignalMethod;

/** The signal a worker sends when it has taken a session. Registered once per workflow run by Locus. */
public interface SessionSignals {
  String SESSION_STARTED = "LocusSessionStarted";

  @SignalMethod(name = SESSION_STARTED)
  void sessionStarted(SessionStarted started);
}
