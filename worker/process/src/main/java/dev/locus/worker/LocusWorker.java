package dev.locus.worker;

import dev.locus.files.FileActivitiesImpl;
import dev.locus.files.FileProcessingWorkflowImpl;
import dev.locus.files.LenientFileProcessingWorkflow;
import dev.locus.files.SourcePolicy;
import dev.locus.health.HealthServer;
import dev.locus.session.SessionHost;
import dev.locus.session.SessionWorker;
import dev.locus.temporal.ServerProfile;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process: polls the shared queue (workflows, sessions) and its own queue (file steps), serves health and
 * metrics, and on SIGTERM drains: no new sessions, open ones finish within the grace period, the rest move away. A
 * worker that keeps its sessions across restarts (--keep-sessions-for) and is not cordoned suspends them instead.
 */
public final class LocusWorker {
  private static final Logger log = LoggerFactory.getLogger(LocusWorker.class);

  private final WorkerSettings settings;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile String notReady = "connecting to Temporal";
  private volatile SessionWorker sessionWorker;
  private volatile CordonFile cordonFile;
  private final java.util.List<java.util.function.BiConsumer<WorkflowClient, SessionWorker>> extensions =
      new java.util.ArrayList<>();

  public LocusWorker(WorkerSettings settings) {
    settings.validate();
    this.settings = settings;
    registry.config().commonTags("pool", settings.pool, "worker", settings.workerId);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  /**
   * Adds registrations of your own before the worker starts: more workflow types on
   * {@link SessionWorker#sharedQueueWorker()}, more activities on {@link SessionWorker#ownQueueWorker()}.
   */
  public LocusWorker extend(java.util.function.BiConsumer<WorkflowClient, SessionWorker> extension) {
    extensions.add(extension);
    return this;
  }

  /** Runs until SIGTERM (or {@link #stop}) has drained the worker. */
  public void run() throws IOException, InterruptedException {
    try (HealthServer health = new HealthServer(settings.httpBind, settings.httpPort, registry::scrape,
        () -> Optional.ofNullable(notReady))) {
      log.info("worker {} health and metrics on :{}", settings.workerId, health.port());
      Thread hook = new Thread(this::drainAndStop, "locus-drain");
      Runtime.getRuntime().addShutdownHook(hook);
      WorkflowServiceStubs stubs = TemporalConnection.stubs(settings.temporal, registry);
      ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "locus-temporal-check");
        t.setDaemon(true);
        return t;
      });
      try {
        TemporalConnection.awaitServer(stubs, settings.temporal.address());
        ServerProfile server = ServerProfile.detect(stubs);
        start(TemporalConnection.client(stubs, settings.temporal, settings.workerId,
            server.workerHeartbeatInterval()), server, health);
        watchdog.scheduleWithFixedDelay(() -> watch(stubs), 5, 5, TimeUnit.SECONDS);
        watchdog.scheduleWithFixedDelay(this::checkCordon, 1, 1, TimeUnit.SECONDS);
        stopped.await();
      } finally {
        watchdog.shutdownNow();
        stubs.shutdown();
      }
    }
  }

  private void start(WorkflowClient client, ServerProfile server, HealthServer health) {
    SessionHost host = new SessionHost(settings.sharedQueue, settings.workerId, settings.maxSessions)
        .bindMetrics(registry);
    URI probedAt = settings.probeBase(health.port());
    if (probedAt != null) {
      host.answerPresenceProbesAt(probedAt);
      health.route(SessionHost.PRESENCE_PROBE_PATH, host.presenceProbe());
      log.info("worker {}: other workers probe its presence at {}", settings.workerId, probedAt);
    }
    if (keepsSessions()) {
      host.keepSessionsAcrossRestarts(settings.workDir.resolve("session-manifests"), settings.keepSessionsFor);
    }
    boolean sticky = settings.stickyExecution != null ? settings.stickyExecution : server.stickyExecution();
    SessionWorker worker = new SessionWorker(client, host,
        SessionWorker.Options.forSessions(settings.maxSessions, sticky));
    SourcePolicy policy = SourcePolicy.parse(settings.allowedSources, settings.podMode());
    worker.sharedQueueWorker().registerWorkflowImplementationFactory(LenientFileProcessingWorkflow.class,
        () -> new FileProcessingWorkflowImpl(policy), FileProcessingWorkflowImpl.OPTIONS);
    worker.ownQueueWorker().registerActivitiesImplementations(
        new FileActivitiesImpl(host, settings.workDir, policy, settings.diskReserveBytes).bindMetrics(registry));
    extensions.forEach(e -> e.accept(client, worker));
    worker.start();
    sessionWorker = worker;
    if (settings.cordonFile != null) {
      cordonFile = new CordonFile(settings.cordonFile, host);
      cordonFile.check();
    }
    notReady = null;
    log.info("worker {} polling {} and {} with {} session slots (namespace {}, {} Temporal at {}, sticky execution {})",
        settings.workerId, settings.sharedQueue, host.taskQueue(), settings.maxSessions, settings.temporal.namespace(),
        server.label(), settings.temporal.address(), sticky ? "on" : "off");
  }

  private boolean keepsSessions() {
    return !settings.keepSessionsFor.isZero();
  }

  private void checkCordon() {
    CordonFile file = cordonFile;
    if (file != null && !sessionWorker.host().isDraining()) {
      file.check();
    }
  }

  private void watch(WorkflowServiceStubs stubs) {
    if (sessionWorker == null || sessionWorker.host().isDraining()) {
      return;
    }
    boolean up = TemporalConnection.reachable(stubs, Duration.ofSeconds(3));
    if (!up && notReady == null) {
      log.warn("Temporal at {} stopped answering; not ready until it does", settings.temporal.address());
      notReady = "Temporal at " + settings.temporal.address() + " is not reachable";
    } else if (up && notReady != null) {
      log.info("Temporal at {} answers again", settings.temporal.address());
      notReady = null;
    }
  }

  /** Drains (as on SIGTERM) and makes {@link #run} return. */
  public void stop() {
    drainAndStop();
  }

  private synchronized void drainAndStop() {
    if (stopped.getCount() == 0) {
      return;
    }
    notReady = "draining";
    SessionWorker worker = sessionWorker;
    try {
      if (worker != null && keepsSessions() && !worker.host().isCordoned()) {
        // A restart (a rolling update, a node drain): what does not finish in the grace period waits for this worker.
        log.info("worker {} restarting: {} open sessions, grace {}, the rest kept for {}", settings.workerId,
            worker.host().openSessions().size(), settings.drainGrace, settings.keepSessionsFor);
        worker.drainForRestart(settings.drainGrace);
      } else if (worker != null) {
        log.info("worker {} draining: {} open sessions, grace {}", settings.workerId,
            worker.host().openSessions().size(), settings.drainGrace);
        worker.drain(settings.drainGrace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
    }
  }
}
