package dev.locus.session;

import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLocal;
import java.util.HashMap;
import java.util.Map;

/**
 * The per-workflow-run receiver of {@link SessionSignals}: one listener per run, sessions correlated by id so that a
 * late signal for a session the workflow gave up on is ignored.
 */
final class StartedSessions implements SessionSignals {
  private static final WorkflowLocal<StartedSessions> CURRENT =
      WorkflowLocal.withCachedInitial(StartedSessions::register);

  private final Map<String, CompletablePromise<SessionStarted>> expected = new HashMap<>();

  private static StartedSessions register() {
    StartedSessions sessions = new StartedSessions();
    Workflow.registerListener(sessions);
    return sessions;
  }

  static StartedSessions current() {
    return CURRENT.get();
  }

  CompletablePromise<SessionStarted> expect(String sessionId) {
    CompletablePromise<SessionStarted> promise = Workflow.newPromise();
    expected.put(sessionId, promise);
    return promise;
  }

  void forget(String sessionId) {
    expected.remove(sessionId);
  }

  @Override
  public void sessionStarted(SessionStarted started) {
    CompletablePromise<SessionStarted> promise = expected.get(started.sessionId());
    if (promise != null && !promise.isCompleted()) {
      promise.complete(started);
    }
  }
}
