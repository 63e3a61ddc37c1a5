package dev.locus.session;

import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker side of sessions: holds the leases this worker has taken, heartbeats them, ends them on release or
 * drain, and tells listeners when a session closes so its local data can be removed.
 *
 * <p>It lives in your own {@link WorkerFactory}, next to your workers, interceptors and tuners:
 *
 * <pre>{@code
 * SessionHost sessions = new SessionHost("files", podName, 4);
 * WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
 *     .setWorkerInterceptors(sessions.interceptor(), yourInterceptor).build());
 * factory.newWorker("files").registerWorkflowImplementationTypes(YourWorkflowImpl.class);
 * sessions.registerOn(factory).registerActivitiesImplementations(new YourActivitiesImpl());
 * factory.start();
 * // on SIGTERM: sessions.drain(grace), then factory.shutdown()
 * }</pre>
 *
 * {@link #registerOn} adds two workers to the factory: one on {@link TaskQueues#leaseQueue} whose activity slots are
 * this worker's session slots, and one on this worker's own queue, where the activities of its sessions run.
 */
public final class SessionHost implements LocalSessions {
  private static final Logger log = LoggerFactory.getLogger(SessionHost.class);

  /** How a lease ended, and so the failure its session's late or still running activities report. */
  private enum End {
    RELEASED(SessionFailureReason.LOCAL_DATA_MISSING),
    DRAINED(SessionFailureReason.WORKER_DRAINING),
    SUSPENDED(SessionFailureReason.WORKER_RESTARTING),
    LOST(SessionFailureReason.WORKER_LOST);

    final SessionFailureReason reason;

    End(SessionFailureReason reason) {
      this.reason = reason;
    }
  }

  /**
   * A session taken by this worker: open until its lease ends, then kept until the last of its activities has
   * stopped, so that its local data is removed only when nothing can still be reading it.
   */
  private static final class Hosted {
    final CompletableFuture<End> end = new CompletableFuture<>();
    int running;
    int stepsDone;
    /** Whether its steps are recorded for a resume (a failed write, on a full disk say, stops it). */
    boolean recorded = true;

    Hosted(int stepsDone) {
      this.stepsDone = stepsDone;
    }
  }

  /** How many ended sessions keep their reason, for activities of theirs that arrive late. */
  private static final int REMEMBERED_ENDS = 1024;

  /** Where a worker answers presence probes, under the base it gives {@link #answerPresenceProbesAt}. */
  public static final String PRESENCE_PROBE_PATH = "/locus/presence/";
  /** Own-queue activity slots for probes of other workers' presence ({@link PresenceProbeActivity}). */
  private static final int PROBE_SLOTS = 4;

  /** A lease refused because the worker's slots are full (taken by sessions reopened on its own queue). */
  static final String NO_FREE_SLOT = SessionFailureReason.NAMESPACE + "NoFreeSlot";

  private final String sharedQueue;
  private final String workerId;
  private final String taskQueue;
  private final int maxSessions;
  private final SessionInterceptor interceptor = new SessionInterceptor(this);
  private volatile Worker leaseWorker;
  private final ConcurrentMap<String, Hosted> sessions = new ConcurrentHashMap<>();
  private final Map<String, SessionFailureReason> ended = Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SessionFailureReason> eldest) {
          return size() > REMEMBERED_ENDS;
        }
      });
  private final CopyOnWriteArrayList<Consumer<String>> closeListeners = new CopyOnWriteArrayList<>();
  private volatile boolean draining;
  private volatile boolean cordoned;
  private volatile Consumer<SessionFailureReason> failureCounter = reason -> {};
  private volatile SessionManifests manifests;
  private volatile WorkerPresences presences;
  private volatile URI probeBase;
  /** Sessions a previous process of this worker held and kept the data of, by id: their steps done. */
  private final ConcurrentMap<String, Integer> resumable = new ConcurrentHashMap<>();

  public SessionHost(String sharedQueue, String workerId, int maxSessions) {
    if (maxSessions < 1) {
      throw new IllegalArgumentException("maxSessions must be at least 1, got " + maxSessions);
    }
    this.sharedQueue = TaskQueues.requireSharedQueue(sharedQueue);
    this.workerId = TaskQueues.requireValidName("worker id", workerId);
    this.taskQueue = TaskQueues.workerQueue(sharedQueue, workerId);
    this.maxSessions = maxSessions;
  }

  @Override
  public String workerId() {
    return workerId;
  }

  public String sharedQueue() {
    return sharedQueue;
  }

  /** This worker's own queue, {@code <sharedQueue>-<workerId>}. */
  public String taskQueue() {
    return taskQueue;
  }

  /** Where workflows ask for sessions: {@link TaskQueues#leaseQueue}. */
  public String leaseQueue() {
    return TaskQueues.leaseQueue(sharedQueue);
  }

  public int maxSessions() {
    return maxSessions;
  }

  /**
   * Publishes locus_sessions_active, locus_session_slots and locus_session_failures_total. Micrometer is an optional
   * dependency: without this call none of its classes is loaded.
   */
  public SessionHost bindMetrics(MeterRegistry registry) {
    failureCounter = SessionMetrics.bind(this, registry);
    return this;
  }

  /**
   * The interceptor to give the factory this host is registered on: it carries session ids to activities, sets
   * {@link SessionContext} and holds back activities of sessions that are not open here. A factory that runs only
   * workflows needs a plain {@code new SessionInterceptor()}.
   */
  public SessionInterceptor interceptor() {
    return interceptor;
  }

  /**
   * Keeps sessions across a restart of this worker under the same identity: each open session's completed steps are
   * recorded in {@code stateDir}, a restart ({@link #drainForRestart}, or a crash) leaves them there, and the next process
   * with this identity and folder takes back a session whose workflow asks for it within {@code keepFor} (see
   * {@link SessionOptions#resumeWithin}); its workflow then continues from the first step not done. The sessions
   * not asked for in time are closed as any other ({@link #onSessionClosed}), so their local data goes. Each kept
   * session holds a session slot meanwhile: new sessions get only the slots left. Call it
   * before the factory starts, and keep the sessions' own data (files) of {@link #resumableSessions} meanwhile.
   */
  public SessionHost keepSessionsAcrossRestarts(Path stateDir, Duration keepFor) {
    SessionManifests kept = new SessionManifests(stateDir);
    Instant now = Instant.now();
    kept.load().forEach((sessionId, manifest) -> {
      if (manifest.at().plus(keepFor).isAfter(now)) {
        resumable.put(sessionId, manifest.stepsDone());
      } else {
        kept.delete(sessionId);
      }
    });
    manifests = kept;
    if (!resumable.isEmpty()) {
      log.info("worker {} keeps {} session(s) of its previous run for {} in case their workflows resume them",
          workerId, resumable.size(), keepFor);
      Thread expiry = new Thread(() -> {
        try {
          TimeUnit.MILLISECONDS.sleep(keepFor.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        for (String sessionId : Set.copyOf(resumable.keySet())) {
          if (resumable.remove(sessionId) != null) {
            kept.delete(sessionId);
            notifyClosed(sessionId);
          }
        }
      }, "locus-session-resume-expiry");
      expiry.setDaemon(true);
      expiry.start();
    }
    return this;
  }

  @Override
  public Set<String> resumableSessions() {
    return Set.copyOf(resumable.keySet());
  }

  /**
   * Lets other session workers probe this worker's process over HTTP at {@code base} (as {@code http://10.1.2.3:8080/};
   * serve {@link #presenceProbe()} under {@link #PRESENCE_PROBE_PATH} there), instead of it heartbeating its presence
   * to the server within each session's heartbeat timeout ({@link SessionOptions.Liveness#PER_WORKER}). The presence
   * then heartbeats only as a backstop ({@link WorkerPresenceWorkflow#probedBackstop}), and another worker reports
   * this one lost when it has not answered for a heartbeat timeout. Other workers must reach {@code base}; a worker
   * that never answers a probe is judged by the backstop alone. Call it before {@link #registerOn}.
   */
  public SessionHost answerPresenceProbesAt(URI base) {
    if (leaseWorker != null) {
      throw new IllegalStateException("answer presence probes before registering session host " + workerId);
    }
    if (base == null || !"http".equals(base.getScheme()) || base.getHost() == null) {
      throw new IllegalArgumentException("a presence probe address must be an http:// URL with a host, got " + base);
    }
    probeBase = base;
    return this;
  }

  /**
   * Answers presence probes, at {@link #PRESENCE_PROBE_PATH}{@code <process>/<timeout ms>}: 200 while that presence of
   * this process runs, 204 once it is over, and 410 for another process of this worker.
   */
  public HttpHandler presenceProbe() {
    return exchange -> {
      try (exchange) {
        WorkerPresences present = presences;
        String path = exchange.getRequestURI().getPath();
        int status = present == null || !path.startsWith(PRESENCE_PROBE_PATH)
            ? PresenceProbeVerdict.STATUS_GONE
            : present.probed(path.substring(PRESENCE_PROBE_PATH.length()));
        exchange.getResponseHeaders().set(PresenceProbeVerdict.WORKER_HEADER, workerId);
        exchange.sendResponseHeaders(status, -1);
      }
    };
  }

  /** {@link #registerOn(WorkerFactory, WorkerOptions)} with {@link #ownQueueSlots} slots on the own queue. */
  public Worker registerOn(WorkerFactory factory) {
    return registerOn(factory, WorkerOptions.newBuilder().setIdentity(workerId)
        .setMaxConcurrentActivityExecutionSize(ownQueueSlots(maxSessions)).build());
  }

  /**
   * Room on a worker's own queue for every session's step, its release and a reopened session's lease, the worker's
   * presence (one, for sessions that all use the same heartbeat timeout), and the probes it runs of other workers'
   * presence.
   */
  public static int ownQueueSlots(int maxSessions) {
    return 3 * maxSessions + 2 + PROBE_SLOTS;
  }

  /**
   * Adds this host's lease worker, own-queue worker and presence-queue worker ({@link TaskQueues#presenceQueue}, where
   * it watches other workers' presence and answers {@link SessionLeaseCheckActivity}) to {@code factory} and returns
   * the own-queue worker: register the activities that sessions run there.
   *
   * @param ownQueueOptions options of both workers (identity, tuner, ...). The lease worker gets one activity slot
   *     per session slot and no eager dispatch; the own queue needs room for a step per session, each session's
   *     release, and a lease per session reopened after continue-as-new
   */
  public Worker registerOn(WorkerFactory factory, WorkerOptions ownQueueOptions) {
    if (leaseWorker != null) {
      throw new IllegalStateException("session host " + workerId + " is already registered on a factory");
    }
    Worker leases = factory.newWorker(leaseQueue(), WorkerOptions.newBuilder(ownQueueOptions)
        .setMaxConcurrentActivityExecutionSize(maxSessions)
        .setDisableEagerExecution(true)
        .build());
    leases.registerActivitiesImplementations((SessionLeaseActivity) this::holdSession);
    WorkerPresences present = new WorkerPresences(sharedQueue, workerId, taskQueue, probeBase,
        factory.getWorkflowClient(), this::presenceLost);
    Worker presenceQueue = factory.newWorker(present.presenceQueue(), WorkerOptions.newBuilder(ownQueueOptions)
        .setMaxConcurrentActivityExecutionSize(2).build());
    presenceQueue.registerWorkflowImplementationFactory(WorkerPresenceWorkflow.class, WorkerPresenceWorkflowImpl::new);
    presenceQueue.registerWorkflowImplementationFactory(ProbersWorkflow.class, ProbersWorkflowImpl::new);
    presenceQueue.registerActivitiesImplementations(new SessionLeaseChecks(factory.getWorkflowClient()));
    Worker own = factory.newWorker(taskQueue, ownQueueOptions);
    own.registerActivitiesImplementations(new OwnQueueActivities(), present,
        new PresenceProbes(workerId, factory.getWorkflowClient()));
    present.joinProbers();
    presences = present;
    leaseWorker = leases;
    return own;
  }

  /** On the own queue: release, and the lease of a session reopened on this worker. */
  private final class OwnQueueActivities implements SessionLeaseActivity, SessionReleaseActivity {
    @Override
    public void holdSession(String sessionId, Duration presenceTimeout) {
      SessionHost.this.holdSession(sessionId, presenceTimeout);
    }

    @Override
    public void releaseSession(String sessionId) {
      SessionHost.this.releaseSession(sessionId);
    }
  }

  @Override
  public void onSessionClosed(Consumer<String> listener) {
    closeListeners.add(listener);
  }

  @Override
  public boolean isOpen(String sessionId) {
    Hosted s = sessions.get(sessionId);
    return s != null && !s.end.isDone();
  }

  public Set<String> openSessions() {
    return sessions.entrySet().stream().filter(e -> !e.getValue().end.isDone()).map(Map.Entry::getKey)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** True from the start of a drain: the worker takes no new sessions. */
  public boolean isDraining() {
    return draining;
  }

  /**
   * Takes no new session until {@link #uncordon()}; open sessions go on as before, so a worker about to leave can
   * finish its work instead of failing it. As {@code kubectl cordon} is to a node. On a factory not started yet, call
   * it again once started (as {@link SessionWorker#start} does): until then a lease delivered is refused.
   */
  public void cordon() {
    cordoned = true;
    Worker leases = leaseWorker;
    if (leases != null) {
      leases.suspendPolling();
    }
  }

  /** Takes new sessions again, unless the worker is draining. */
  public void uncordon() {
    cordoned = false;
    Worker leases = leaseWorker;
    if (leases != null && !draining) {
      leases.resumePolling();
    }
  }

  public boolean isCordoned() {
    return cordoned;
  }

  @Override
  public SessionFailureReason endReason(String sessionId) {
    Hosted s = sessions.get(sessionId);
    SessionFailureReason reason = s != null && s.end.isDone() ? s.end.join().reason : ended.get(sessionId);
    if (reason != null) {
      return reason;
    }
    // Never held here since this process started: its local data is gone with the process that held it.
    return draining ? SessionFailureReason.WORKER_DRAINING : SessionFailureReason.LOCAL_DATA_MISSING;
  }

  /**
   * Marks an activity of the session as running until the returned handle is closed.
   *
   * @throws ApplicationFailure with the session's failure reason when it is not open on this worker
   */
  Running enter(String sessionId) {
    Hosted s = sessions.get(sessionId);
    if (s != null) {
      synchronized (s) {
        if (!s.end.isDone()) {
          s.running++;
          return () -> exit(sessionId, s);
        }
      }
    }
    throw ended(sessionId, "its activities cannot run here", null);
  }

  /** An activity of a session, running. */
  interface Running extends AutoCloseable {
    @Override
    void close();
  }

  private void exit(String sessionId, Hosted s) {
    boolean last;
    synchronized (s) {
      last = --s.running == 0 && s.end.isDone();
    }
    if (last) {
      finish(sessionId);
    }
  }

  /** The lease has ended: the session is closed once its last running activity stops. */
  private void endLease(String sessionId, Hosted s) {
    boolean idle;
    synchronized (s) {
      s.end.complete(End.LOST);
      idle = s.running == 0;
    }
    ended.put(sessionId, s.end.join().reason);
    if (idle) {
      finish(sessionId);
    }
  }

  private void finish(String sessionId) {
    Hosted s = sessions.remove(sessionId);
    if (s == null) {
      return;
    }
    if (s.end.join() == End.SUSPENDED && s.recorded && manifests != null) {
      return; // kept for the next process with this identity
    }
    if (manifests != null) {
      manifests.delete(sessionId);
    }
    notifyClosed(sessionId);
  }

  private void notifyClosed(String sessionId) {
    for (Consumer<String> listener : closeListeners) {
      try {
        listener.accept(sessionId);
      } catch (RuntimeException e) {
        log.warn("session {} close listener failed", sessionId, e);
      }
    }
  }

  /** The server gave up this worker's presence: its sessions under it are lost, whatever this worker thinks. */
  private void presenceLost(Set<String> sessionIds) {
    for (String id : sessionIds) {
      Hosted s = sessions.get(id);
      if (s != null) {
        s.end.complete(End.LOST);
      }
    }
  }

  /**
   * The lease: lists the session under the worker's presence when asked to, signals the workflow, then heartbeats
   * until released, drained, lost or cancelled.
   */
  void holdSession(String sessionId, Duration presenceTimeout) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    ActivityInfo info = context.getInfo();
    if (!SessionInterceptor.intercepting()) {
      throw ApplicationFailure.newNonRetryableFailure("worker " + workerId + " runs sessions without their"
          + " interceptor: give its factory SessionHost.interceptor()", SessionFailureReason.NAMESPACE + "Misconfigured");
    }
    if (draining || cordoned) {
      throw SessionFailureReason.WORKER_DRAINING.newFailure(
          "worker " + workerId + " is " + (draining ? "draining" : "cordoned") + " and takes no new sessions");
    }
    Hosted session;
    Integer resumed;
    synchronized (sessions) {
      // A session kept from the previous run keeps its slot until its workflow takes it back or the keep ends: a new
      // session taking it would leave the kept one waiting for a slot, or re-routed with its data here.
      int kept = resumable.containsKey(sessionId) ? 0 : resumable.size();
      if (openSessions().size() + kept >= maxSessions) {
        throw ApplicationFailure.newNonRetryableFailure("worker " + workerId + " has no free session slot"
            + (kept > 0 ? " (" + kept + " kept for sessions of its previous run)" : ""), NO_FREE_SLOT);
      }
      resumed = resumable.remove(sessionId);
      session = new Hosted(resumed == null ? 0 : resumed);
      if (sessions.putIfAbsent(sessionId, session) != null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "session " + sessionId + " is already open", SessionFailureReason.NAMESPACE + "DuplicateSession");
      }
    }
    if (resumed != null) {
      log.info("worker {} resumes session {} with {} step(s) done", workerId, sessionId, resumed);
    } else {
      // Recorded from the start, so that a restart in its first step keeps what that step left (a partial download).
      record(sessionId, session, 0);
    }
    CompletableFuture<End> end = session.end;
    WorkerPresences present = presenceTimeout != null ? presences : null;
    try {
      if (present != null) {
        try {
          present.add(presenceTimeout, sessionId, info.getWorkflowId(), info.getRunId());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw ApplicationFailure.newFailure("interrupted while opening the session", "Interrupted");
        }
      }
      context.getWorkflowClient()
          .newUntypedWorkflowStub(info.getWorkflowId(), Optional.of(info.getRunId()), Optional.empty())
          .signal(SessionSignals.SESSION_STARTED, new SessionStarted(sessionId, workerId, taskQueue, resumed,
              presences.incarnation()));
      // Under a presence the lease's heartbeat is only a backstop: one every 0.8 of its timeout (4 minutes).
      long beatMillis = present != null ? info.getHeartbeatTimeout().toMillis() * 4 / 5
          : heartbeatInterval(info.getHeartbeatTimeout());
      while (true) {
        context.heartbeat(null);
        End ended = awaitEnd(end, beatMillis);
        if (ended == End.RELEASED) {
          return;
        }
        if (ended == End.DRAINED) {
          throw fail(SessionFailureReason.WORKER_DRAINING,
              "worker " + workerId + " is shutting down and its drain grace period ran out");
        }
        if (ended == End.SUSPENDED) {
          throw fail(SessionFailureReason.WORKER_RESTARTING,
              "worker " + workerId + " is restarting and keeps the session's data to resume it");
        }
        if (ended == End.LOST) {
          throw fail(SessionFailureReason.WORKER_LOST,
              "worker " + workerId + " sent no presence heartbeat in time, and the server declared it lost");
        }
      }
    } finally {
      if (present != null) {
        present.remove(presenceTimeout, sessionId);
      }
      endLease(sessionId, session);
    }
  }

  void releaseSession(String sessionId) {
    Hosted s = sessions.get(sessionId);
    if (s != null) {
      s.end.complete(End.RELEASED);
    }
  }

  /**
   * Drains this worker: it takes no new session, lets open ones finish for up to {@code grace}, then fails the rest
   * as WorkerDraining so that their workflows move at once. Shut the factory down afterwards; until then it goes on
   * serving the workflow tasks the failures cause.
   */
  public SessionDrain.Result drain(Duration grace) throws InterruptedException {
    return new SessionDrain(this, false).run(grace);
  }

  /** Phase 1 of a drain: no new sessions here, as a lease an in-flight poll still delivers is refused. */
  void stopTakingSessions() {
    draining = true;
    WorkerPresences present = presences;
    if (present != null) {
      present.stop();
    }
    Worker leases = leaseWorker;
    if (leases != null) {
      leases.suspendPolling();
    }
  }

  /** Waits up to {@code grace} for open sessions to close by themselves; true if none is left. */
  public boolean awaitNoSessions(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    while (!openSessions().isEmpty() && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(50);
    }
    return openSessions().isEmpty();
  }

  /**
   * A drain before a restart of this worker: as {@link #drain}, but a worker that keeps its sessions
   * ({@link #keepSessionsAcrossRestarts}) ends those still open after {@code grace} as WorkerRestarting and keeps
   * what it recorded of them, so that each workflow can wait for this worker to come back and resume. Without
   * {@link #keepSessionsAcrossRestarts} it is a drain.
   */
  public SessionDrain.Result drainForRestart(Duration grace) throws InterruptedException {
    return new SessionDrain(this, true).run(grace);
  }

  /** Whether this worker keeps its sessions across restarts. */
  public boolean keepsSessions() {
    return manifests != null;
  }

  /** Records a completed step of an open session, before its completion is reported. */
  void stepDone(String sessionId) {
    Hosted s = sessions.get(sessionId);
    if (s != null) {
      synchronized (s) {
        record(sessionId, s, s.stepsDone + 1);
      }
    }
  }

  /** Records that an open session has {@code stepsDone} steps done, where this worker keeps sessions. */
  private void record(String sessionId, Hosted s, int stepsDone) {
    SessionManifests kept = manifests;
    if (kept == null) {
      return;
    }
    synchronized (s) {
      if (!s.recorded) {
        return;
      }
      try {
        kept.write(sessionId, stepsDone);
        s.stepsDone = stepsDone;
      } catch (java.io.UncheckedIOException e) {
        // The step stands; only a resume of this session after a restart is lost.
        log.warn("worker {}: session {} cannot be resumed after a restart: {}", workerId, sessionId, e.getMessage());
        kept.delete(sessionId);
        s.recorded = false;
      }
    }
  }

  /**
   * Ends every open session with WorkerDraining, so its workflow moves to another worker now; or, before a restart of
   * a worker that keeps its sessions, with WorkerRestarting, kept to be resumed.
   */
  int failOpenSessions(boolean restart) {
    End end = restart && manifests != null ? End.SUSPENDED : End.DRAINED;
    int n = 0;
    for (Hosted s : sessions.values()) {
      if (s.end.complete(end)) {
        n++;
      }
    }
    return n;
  }

  /** Counts a session failure this worker observed (the metric locus_session_failures_total{reason}). */
  public void recordFailure(SessionFailureReason reason) {
    failureCounter.accept(reason);
  }

  private ApplicationFailure fail(SessionFailureReason reason, String message) {
    recordFailure(reason);
    return reason.newFailure(message);
  }

  private static long heartbeatInterval(Duration heartbeatTimeout) {
    if (heartbeatTimeout == null || heartbeatTimeout.isZero()) {
      return 1000;
    }
    return Math.max(100, heartbeatTimeout.toMillis() / 3);
  }

  private static End awaitEnd(CompletableFuture<End> end, long millis) {
    try {
      return end.get(millis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while holding the session", "Interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }
}
