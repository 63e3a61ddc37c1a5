package dev.locus.session;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.ActivityStub;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowThreadLocal;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The workflow side of a session: the lease it holds and the activities it routes to the lease's worker. */
final class WorkflowSession implements WorkerSession {
  /** The session whose activity is being scheduled right now, for {@link SessionInterceptor} to put in its header. */
  private static final WorkflowThreadLocal<String> ROUTING = WorkflowThreadLocal.withCachedInitial(() -> null);
  private static final WorkflowThreadLocal<Boolean> ROUTED = WorkflowThreadLocal.withCachedInitial(() -> false);

  private static final Duration NO_FREE_SLOT_BACKOFF = Duration.ofSeconds(1);

  /** Marks runs whose sessions under {@link SessionOptions.Liveness#PER_WORKER} check a lease slow to start. */
  static final String LEASE_CHECK_CHANGE = "locus.session.lease-check";
  static final int LEASE_CHECKED = 1;

  private final SessionOptions options;
  private final SessionFailures failures;
  private final SessionStarted started;
  private final CancellationScope leaseScope;
  private final Promise<Void> lease;
  private final List<SessionStep> steps = new ArrayList<>();
  /** The results of this session's activity calls, in call order; null where a call has not completed. */
  private final List<Done> done = new ArrayList<>();
  /** For a resumed session: the calls of the session it resumes that completed, to return again, not run again. */
  private final List<Done> resumedFrom;
  private SessionFailed failure;
  /** The worker's presence was lost ({@link SessionOptions.Liveness#PER_WORKER}): the session ends with this. */
  private SessionFailed lost;
  private boolean closed;

  /** A completed activity call: its type and its result. */
  private record Done(String activityType, Object value) {}

  private WorkflowSession(SessionOptions options, SessionFailures failures, SessionStarted started,
      CancellationScope leaseScope, Promise<Void> lease, List<Done> resumedFrom) {
    this.options = options;
    this.failures = failures;
    this.started = started;
    this.leaseScope = leaseScope;
    this.lease = lease;
    this.resumedFrom = resumedFrom;
  }

  /** Opens a session on any worker with a free slot. */
  static WorkflowSession open(SessionOptions options) {
    String sharedQueue = sharedQueue(options);
    StartedSessions sessions = StartedSessions.current();
    String leaseQueue = sessions.wire().leasesOnTheirOwnQueue() ? TaskQueues.leaseQueue(sharedQueue) : sharedQueue;
    return open(options, leaseQueue, Workflow.currentTimeMillis() + options.creationTimeout().toMillis(), null);
  }

  /**
   * Takes back {@code lost} on its worker, once the worker is back under the same identity with the session's data,
   * waiting up to {@link SessionOptions#resumeWithin}. The calls that completed in {@code lost} return their results
   * again without running, when the worker kept at least as many steps; otherwise the session starts afresh on that
   * worker.
   *
   * @throws SessionFailed when the worker did not take it back in time
   */
  static WorkflowSession resume(WorkflowSession lost, SessionOptions options) {
    WorkflowSession resumed = open(options, lost.taskQueue(),
        Workflow.currentTimeMillis() + options.resumeWithin().toMillis(), lost);
    if (!Workflow.isReplaying()) {
      Workflow.getLogger(WorkflowSession.class).info("session {} {} on worker {}", lost.sessionId(),
          resumed.resumedFrom.isEmpty() ? "started afresh (the worker kept no data of it)" : "resumed with "
              + resumed.resumedFrom.stream().filter(d -> d != null).count() + " step(s) done", lost.workerId());
    }
    return resumed;
  }

  /**
   * Opens a session on the token's worker when it is alive and has a free slot (it is asked for at most one
   * heartbeat timeout), else on any worker, as {@link #open(SessionOptions)}.
   */
  static WorkflowSession reopen(SessionToken token, SessionOptions options) {
    long sameWorkerDeadline = Workflow.currentTimeMillis() + options.heartbeatTimeout().toMillis();
    try {
      return open(options, token.taskQueue(), sameWorkerDeadline, null);
    } catch (SessionFailed e) {
      if (!Workflow.isReplaying()) {
        Workflow.getLogger(WorkflowSession.class).info(
            "worker {} cannot take the session back ({}); opening one on any worker", token.workerId(), e.getMessage());
      }
      return open(options);
    }
  }

  /** @param resuming the session to take back under its own id, or null for a new one */
  private static WorkflowSession open(SessionOptions options, String leaseQueue, long deadline,
      WorkflowSession resuming) {
    StartedSessions sessions = StartedSessions.current();
    SessionFailures failures = new SessionFailures(options.failureReasons(), sessions.wire().legacyFailureTypes());
    // Resumed sessions too: the process of their worker that is going away still polls its own queue.
    boolean checkStart = options.liveness() == SessionOptions.Liveness.PER_WORKER
        && Workflow.getVersion(LEASE_CHECK_CHANGE, Workflow.DEFAULT_VERSION, LEASE_CHECKED) == LEASE_CHECKED;
    while (true) {
      String sessionId = resuming != null ? resuming.sessionId() : Workflow.randomUUID().toString();
      CompletablePromise<SessionStarted> started = sessions.expect(sessionId);
      Duration creationLeft = Duration.ofMillis(Math.max(1, deadline - Workflow.currentTimeMillis()));
      SessionLeaseActivity leaseActivity = Workflow.newActivityStub(SessionLeaseActivity.class,
          leaseOptions(leaseQueue, creationLeft, options));
      Duration presenceTimeout = options.liveness() == SessionOptions.Liveness.PER_WORKER
          ? options.heartbeatTimeout() : null;
      List<Promise<Void>> leaseHolder = new ArrayList<>(1);
      CancellationScope leaseScope = Workflow.newCancellationScope(
          () -> leaseHolder.add(Async.procedure(leaseActivity::holdSession, sessionId, presenceTimeout)));
      leaseScope.run();
      Promise<Void> lease = leaseHolder.get(0);
      if (!checkStart) {
        Workflow.await(() -> started.isCompleted() || lease.isCompleted());
      } else if (!awaitStart(started, lease, sessionId, options)) {
        if (!Workflow.isReplaying()) {
          Workflow.getLogger(WorkflowSession.class).warn("the lease of session {} was started on the server but never"
              + " ran on a worker (taken by the last poll of a process going away?); asking for a session again",
              sessionId);
        }
        leaseScope.cancel();
        drain(lease);
        sessions.forget(sessionId);
        continue;
      }
      if (started.isCompleted()) {
        WorkflowSession session = new WorkflowSession(options, failures, started.get(), leaseScope, lease,
            resuming == null ? List.of() : resuming.completedCalls(started.get().stepsDone()));
        sessions.opened(session);
        return session;
      }
      sessions.forget(sessionId);
      long left = deadline - Workflow.currentTimeMillis();
      if (SessionFailures.hasType(lease.getFailure(), SessionHost.NO_FREE_SLOT)) {
        // Its slots were taken by sessions reopened on its own queue since it polled: ask again a little later.
        if (left <= 0) {
          throw new SessionFailed(SessionFailureReason.CREATION_TIMED_OUT, null, FailureMessages.describe(
              lease.getFailure()));
        }
        Workflow.sleep(Duration.ofMillis(Math.min(left, NO_FREE_SLOT_BACKOFF.toMillis())));
        continue;
      }
      SessionFailed failure = leaseFailure(failures, lease, null);
      // A draining worker's in-flight poll can still take a lease, which it refuses at once. No session was
      // started, so this is not a failed attempt: ask again.
      if (!failure.reason().equals(SessionFailureReason.WORKER_DRAINING) || left <= 0) {
        throw failure;
      }
      if (resuming != null) {
        // The worker's process that is going away still polls its own queue: wait for the next one.
        Workflow.sleep(Duration.ofMillis(Math.min(left, NO_FREE_SLOT_BACKOFF.toMillis())));
      }
    }
  }

  /**
   * Waits for the session's start or the lease's end, checking now and then whether the server started the lease on
   * a poll that never ran it ({@link SessionLeaseCheckActivity}).
   *
   * @return false when it did: the lease is lost
   */
  private static boolean awaitStart(Promise<SessionStarted> started, Promise<Void> lease, String sessionId,
      SessionOptions options) {
    SessionLeaseCheckActivity check = Workflow.newActivityStub(SessionLeaseCheckActivity.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(TaskQueues.presenceQueue(sharedQueue(options)))
            .setScheduleToCloseTimeout(LeaseStartCheck.MAX_INTERVAL)
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setCancellationType(ActivityCancellationType.ABANDON)
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
    Duration interval = options.heartbeatTimeout();
    // The timer is left to fire, not cancelled: temporal-test-server strands a run whose workflow task cancels a
    // timer that fired while the task was with the worker (sdk-java#3088).
    while (!Workflow.await(interval, () -> started.isCompleted() || lease.isCompleted())) {
      Promise<SessionLeaseCheckActivity.LeaseState> state = Async.function(check::leaseState, sessionId);
      Workflow.await(() -> state.isCompleted() || started.isCompleted() || lease.isCompleted());
      if (!state.isCompleted()) {
        drain(state);
        return true;
      }
      LeaseStartCheck.Verdict verdict = LeaseStartCheck.after(state.getFailure() == null ? state.get() : null,
          Workflow.currentTimeMillis(), interval, options.heartbeatTimeout());
      if (verdict.lost()) {
        return false;
      }
      interval = verdict.next();
    }
    return true;
  }

  private static String sharedQueue(SessionOptions options) {
    return options.sharedQueue() != null ? options.sharedQueue() : Workflow.getInfo().getTaskQueue();
  }

  private static ActivityOptions leaseOptions(String leaseQueue, Duration creationTimeout, SessionOptions options) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(leaseQueue)
        .setScheduleToStartTimeout(creationTimeout)
        .setStartToCloseTimeout(options.executionTimeout())
        .setHeartbeatTimeout(options.liveness() == SessionOptions.Liveness.PER_WORKER ? options.leaseBackstop()
            : options.heartbeatTimeout())
        .setCancellationType(ActivityCancellationType.TRY_CANCEL)
        .setDisableEagerExecution(true)
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build();
  }

  @Override
  public String sessionId() {
    return started.sessionId();
  }

  @Override
  public String workerId() {
    return started.workerId();
  }

  @Override
  public String taskQueue() {
    return started.taskQueue();
  }

  @Override
  public Optional<SessionFailed> failure() {
    if (failure == null && lost != null && !closed) {
      failure = lost;
    }
    if (failure == null && lease.isCompleted() && !closed) {
      failure = leaseFailure(failures, lease, workerId());
    }
    return Optional.ofNullable(failure);
  }

  @Override
  public SessionState state() {
    if (failure().isPresent()) {
      return SessionState.FAILED;
    }
    return closed ? SessionState.CLOSED : SessionState.OPEN;
  }

  @Override
  public SessionToken token() {
    return new SessionToken(workerId(), taskQueue());
  }

  /** For the query: reads the session's state and changes none of it. */
  SessionInfo info() {
    SessionFailed failed = failure != null ? failure : lost != null && !closed ? lost
        : lease.isCompleted() && !closed ? leaseFailure(failures, lease, workerId()) : null;
    SessionState state = failed != null ? SessionState.FAILED : closed ? SessionState.CLOSED : SessionState.OPEN;
    return new SessionInfo(sessionId(), workerId(), taskQueue(), state, failed == null ? null : failed.reason().type());
  }

  @Override
  public List<SessionStep> steps() {
    return List.copyOf(steps);
  }

  @Override
  public <T> T newActivityStub(Class<T> activityInterface, ActivityOptions options) {
    // ABANDON, not TRY_CANCEL: a failed session's activities are let go without a cancel request, which the
    // embedded server can wedge on when it races the activity's completion (sdk-java#2391). The worker stops that
    // work itself once the session is no longer open there (SessionContext.ensureOpen).
    ActivityStub stub = Workflow.newUntypedActivityStub(ActivityOptions.newBuilder(options)
        .setTaskQueue(taskQueue())
        .setCancellationType(ActivityCancellationType.ABANDON)
        .build());
    Map<Method, POJOActivityMethodMetadata> methods = new HashMap<>();
    for (POJOActivityMethodMetadata m :
        POJOActivityInterfaceMetadata.newInstance(activityInterface).getMethodsMetadata()) {
      methods.put(m.getMethod(), m);
    }
    Object proxy = Proxy.newProxyInstance(
        activityInterface.getClassLoader(),
        new Class<?>[] {activityInterface},
        (self, method, args) -> {
          POJOActivityMethodMetadata activity = methods.get(method);
          if (activity == null) {
            return method.invoke(this, args);
          }
          return call(stub, activity.getActivityTypeName(), method, args);
        });
    return activityInterface.cast(proxy);
  }

  /**
   * The completed calls to return again in a session resuming this one, when the worker kept {@code stepsDone} steps:
   * all of them if it kept at least as many as completed here, else none (its data is not what they left).
   */
  private List<Done> completedCalls(Integer stepsDone) {
    long completed = done.stream().filter(d -> d != null).count();
    return stepsDone == null || stepsDone < completed ? List.of() : new ArrayList<>(done);
  }

  private Object call(ActivityStub stub, String activityType, Method method, Object[] args) {
    failure().ifPresent(f -> {
      throw f;
    });
    if (closed) {
      throw new IllegalStateException("session " + sessionId() + " is closed");
    }
    long startedAt = Workflow.currentTimeMillis();
    int index = done.size();
    done.add(null);
    Done before = index < resumedFrom.size() ? resumedFrom.get(index) : null;
    if (before != null && before.activityType().equals(activityType)) {
      done.set(index, before);
      steps.add(step(activityType, startedAt, "Resumed"));
      return before.value();
    }
    List<Promise<?>> holder = new ArrayList<>(1);
    CancellationScope scope = Workflow.newCancellationScope(() -> holder.add(schedule(() ->
        stub.executeAsync(activityType, method.getReturnType(), method.getGenericReturnType(),
            args == null ? new Object[0] : args))));
    scope.run();
    Promise<?> result = holder.get(0);
    Workflow.await(() -> result.isCompleted() || lease.isCompleted() || lost != null);
    if (!result.isCompleted()) {
      scope.cancel();
      drain(result);
      SessionFailed f = failure().orElseThrow();
      steps.add(step(activityType, startedAt, f.reason().type()));
      throw f;
    }
    try {
      Object value = result.get();
      done.set(index, new Done(activityType, value));
      steps.add(step(activityType, startedAt, "Completed"));
      return value;
    } catch (ActivityFailure e) {
      // The session's end, when it came with or before this failure, is what the workflow must see: the activity
      // most likely failed because its session ended.
      Optional<SessionFailed> ended = failure();
      Optional<SessionFailureReason> reason = ended.map(SessionFailed::reason).or(() -> failures.ofActivity(e));
      steps.add(step(activityType, startedAt, reason.map(SessionFailureReason::type).orElse("Failed")));
      if (reason.isEmpty()) {
        throw e;
      }
      failure = ended.orElseGet(() -> new SessionFailed(reason.get(), workerId(), FailureMessages.describe(e)));
      throw failure;
    }
  }

  /**
   * The worker's presence reports it lost: the session fails as WorkerLost, and its lease is let go. A loss of an
   * earlier process of the worker than the one that took this session is not this session's.
   */
  void workerLost(SessionSignals.WorkerLost report) {
    if (closed || lost != null || lease.isCompleted()
        || (started.incarnation() != null && !started.incarnation().equals(report.incarnation()))) {
      return;
    }
    lost = new SessionFailed(SessionFailureReason.WORKER_LOST, workerId(), report.message());
    leaseScope.cancel();
    drain(lease);
  }

  /** Schedules an activity of this session, with the session's id in its header. */
  private <P extends Promise<?>> P schedule(Functions.Func<P> scheduling) {
    ROUTING.set(sessionId());
    ROUTED.set(false);
    try {
      P promise = scheduling.apply();
      if (!ROUTED.get()) {
        throw new IllegalStateException("activities of session " + sessionId() + " went out without the session"
            + " header: give this workflow worker's factory a SessionInterceptor (WorkerFactoryOptions.setWorkerInterceptors)");
      }
      return promise;
    } finally {
      ROUTING.set(null);
    }
  }

  /** The session whose activity is being scheduled on this workflow thread, or null. */
  static String routing() {
    return ROUTING.get();
  }

  static void routed() {
    ROUTED.set(true);
  }

  private SessionStep step(String activityType, long startedAt, String outcome) {
    return new SessionStep(activityType, workerId(), startedAt, Workflow.currentTimeMillis(), outcome);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    StartedSessions.current().forget(sessionId());
    if (lease.isCompleted() || lost != null) {
      return;
    }
    SessionReleaseActivity release = Workflow.newActivityStub(
        SessionReleaseActivity.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(taskQueue())
            .setScheduleToCloseTimeout(options.heartbeatTimeout())
            .setCancellationType(ActivityCancellationType.TRY_CANCEL)
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
    List<Promise<Void>> holder = new ArrayList<>(1);
    Workflow.newDetachedCancellationScope(() -> holder.add(Async.procedure(release::releaseSession, sessionId())))
        .run();
    Promise<Void> released = holder.get(0);
    drain(released);
    Workflow.await(
        options.heartbeatTimeout().multipliedBy(2),
        () -> lease.isCompleted() || (released.isCompleted() && released.getFailure() != null));
    if (!lease.isCompleted()) {
      leaseScope.cancel();
    }
    drain(lease);
  }

  /**
   * Marks the outcome of a promise nothing waits for any more as seen, so that its failure (a cancellation, a release
   * that came too late) is not logged as "completed with exception and was never accessed".
   */
  private static void drain(Promise<?> promise) {
    promise.handle((value, failure) -> null);
  }

  private static SessionFailed leaseFailure(SessionFailures failures, Promise<Void> lease, String workerId) {
    RuntimeException error = lease.getFailure();
    if (error == null) {
      return new SessionFailed(SessionFailureReason.WORKER_LOST, workerId, "the worker ended the session");
    }
    SessionFailureReason reason = failures.ofLease(error).orElse(SessionFailureReason.WORKER_LOST);
    return new SessionFailed(reason, workerId, FailureMessages.describe(error));
  }
}
