package dev.locus.session;

import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLocal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-workflow-run state of the library: the receiver of {@link SessionSignals} (sessions correlated by id, so
 * that a late signal for a session the workflow gave up on is ignored), the sessions this run opened and the query
 * that lists them, and the wire version the run was started with.
 */
final class StartedSessions implements SessionSignals, SessionQueries {
  private static final WorkflowLocal<StartedSessions> CURRENT =
      WorkflowLocal.withCachedInitial(StartedSessions::register);

  /** Marks runs that write the 0.2 wire: namespaced failure types and leases on their own queue. */
  static final String WIRE_CHANGE = "locus.session.wire";
  static final int WIRE_NAMESPACED = 1;

  /** What a run writes to and accepts from the wire, fixed for the whole run by its first session. */
  record Wire(boolean leasesOnTheirOwnQueue, boolean legacyFailureTypes) {}

  private final Map<String, CompletablePromise<SessionStarted>> expected = new HashMap<>();
  private final List<WorkflowSession> opened = new ArrayList<>();
  private Wire wire;

  private static StartedSessions register() {
    StartedSessions sessions = new StartedSessions();
    Workflow.registerListener(sessions);
    return sessions;
  }

  static StartedSessions current() {
    return CURRENT.get();
  }

  /** Runs started before 0.2 recorded no marker and keep the old wire, so that their histories replay. */
  Wire wire() {
    if (wire == null) {
      boolean legacy = Workflow.getVersion(WIRE_CHANGE, Workflow.DEFAULT_VERSION, WIRE_NAMESPACED)
          == Workflow.DEFAULT_VERSION;
      wire = new Wire(!legacy, legacy);
    }
    return wire;
  }

  CompletablePromise<SessionStarted> expect(String sessionId) {
    CompletablePromise<SessionStarted> promise = Workflow.newPromise();
    expected.put(sessionId, promise);
    return promise;
  }

  void forget(String sessionId) {
    expected.remove(sessionId);
  }

  void opened(WorkflowSession session) {
    opened.add(session);
  }

  @Override
  public void sessionStarted(SessionStarted started) {
    CompletablePromise<SessionStarted> promise = expected.get(started.sessionId());
    if (promise != null && !promise.isCompleted()) {
      promise.complete(started);
    }
  }

  @Override
  public void workerLost(WorkerLost lost) {
    for (WorkflowSession session : opened) {
      if (session.sessionId().equals(lost.sessionId())) {
        session.workerLost(lost);
      }
    }
  }

  @Override
  public List<SessionInfo> sessions() {
    return opened.stream().map(WorkflowSession::info).toList();
  }
}
