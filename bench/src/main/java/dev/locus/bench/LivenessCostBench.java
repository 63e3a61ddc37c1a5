package dev.locus.bench;

import dev.locus.demo.ServerChoice;
import dev.locus.http.HttpEndpoint;
import dev.locus.session.SessionFailed;
import dev.locus.session.SessionHost;
import dev.locus.session.SessionOptions;
import dev.locus.session.SessionOptions.Liveness;
import dev.locus.session.SessionWorker;
import dev.locus.session.WorkerSession;
import dev.locus.session.WorkerSessions;
import dev.locus.temporal.DevServer;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark: what session liveness costs, in heartbeat calls to the server per session-hour, with 1, 10 and 100 open
 * sessions on one worker, per session (today's default), with one presence per worker, and with one presence per
 * worker that another worker probes over HTTP; and how soon a killed worker's sessions see WorkerLost. Calls are
 * counted on both workers' gRPC channels over a steady window.
 *
 * <p>Args: [folder] [window seconds, default 30] [session counts, default 1,10,100].
 */
public final class LivenessCostBench {
  /** Go's sessions (sdk-go internal/session.go): a 20 s heartbeat timeout, a heartbeat every third of it. */
  private static final double GO_CALLS_PER_SESSION_HOUR = 3600 / (20.0 / 3);
  private static final long GO_DETECTION_MS = 20_000;
  /**
   * A probed presence and its probe heartbeat every 48 s (0.8 of their one-minute backstop): the window spans three
   * such intervals, so that the count is not one heartbeat more or less.
   */
  private static final int PROBED_WINDOW_SECONDS = 144;

  @WorkflowInterface
  public interface HoldWorkflow {
    /** Opens a session and holds it until it fails; returns when (workflow time) it saw the failure, and why. */
    @WorkflowMethod
    String hold(Liveness liveness);
  }

  public static final class HoldWorkflowImpl implements HoldWorkflow {
    @Override
    public String hold(Liveness liveness) {
      WorkerSession session = WorkerSessions.open(SessionOptions.defaults().withLiveness(liveness));
      Workflow.await(() -> session.failure().isPresent());
      SessionFailed failed = session.failure().orElseThrow();
      return Workflow.currentTimeMillis() + " " + failed.reason().type();
    }
  }

  /** Counts RecordActivityTaskHeartbeat calls on one channel. */
  private static final class HeartbeatCounter implements ClientInterceptor {
    final AtomicLong calls = new AtomicLong();

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      if (method.getBareMethodName() != null && method.getBareMethodName().startsWith("RecordActivityTaskHeartbeat")) {
        calls.incrementAndGet();
      }
      return next.newCall(method, options);
    }
  }

  private record Figure(double callsPerSessionHour, long detectionMedianMs, long detectionMaxMs) {}

  public static void main(String[] args) throws Exception {
    int window = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    List<Integer> counts = (args.length > 2 ? List.of(args[2].split(",")) : List.of("1", "10", "100")).stream()
        .map(Integer::parseInt).toList();
    BenchServers.each(server -> run(server, window, counts));
  }

  private static void run(ServerChoice server, int window, List<Integer> counts) throws Exception {
    try (DevServer temporal = server.start("127.0.0.1", 0, false, Files.createTempFile("liveness", ".log"))) {
      System.out.printf("window %d s per figure (%d s for probed); detection: from killing the worker to the workflow"
          + " seeing WorkerLost; session heartbeat timeouts 3 s%n", window, Math.max(window, PROBED_WINDOW_SECONDS));
      System.out.printf("%-9s %-12s %24s %20s%n", "sessions", "liveness", "heartbeats/session-hour",
          "detection med/max");
      int run = 0;
      for (int n : counts) {
        Figure today = measure(temporal, n, Liveness.PER_SESSION, false, window, "r" + run++);
        Figure presence = measure(temporal, n, Liveness.PER_WORKER, false, window, "r" + run++);
        Figure probed = measure(temporal, n, Liveness.PER_WORKER, true, Math.max(window, PROBED_WINDOW_SECONDS),
            "r" + run++);
        print(n, "per session", today);
        print(n, "per worker", presence);
        print(n, "probed", probed);
        System.out.printf("%-9d %-12s %24.0f %13d/%d ms (sdk-go defaults, computed, not run here)%n", n, "Go",
            GO_CALLS_PER_SESSION_HOUR, GO_DETECTION_MS, GO_DETECTION_MS);
        System.out.printf(BenchServers.ratio(server) + "%d sessions/worker: per-worker / per-session heartbeat calls"
                + " %.3f; per-worker calls/session-hour %.0f (goal at 10: <= 60), detection max %d ms (goal <= 5000)%n",
            n, presence.callsPerSessionHour() / today.callsPerSessionHour(), presence.callsPerSessionHour(),
            presence.detectionMaxMs());
        System.out.printf(BenchServers.ratio(server) + "%d sessions/worker: probed / per-session heartbeat calls"
                + " %.3f; probed calls/session-hour %.0f (goal at 10: <= 60), detection max %d ms (goal <= 5000)%n",
            n, probed.callsPerSessionHour() / today.callsPerSessionHour(), probed.callsPerSessionHour(),
            probed.detectionMaxMs());
      }
    }
  }

  private static void print(int n, String liveness, Figure f) {
    System.out.printf("%-9d %-12s %24.0f %13d/%d ms%n", n, liveness, f.callsPerSessionHour(), f.detectionMedianMs(),
        f.detectionMaxMs());
  }

  private static Figure measure(DevServer temporal, int sessions, Liveness liveness, boolean probed, int window,
      String tag) throws Exception {
    String queue = "liveness-" + tag;
    HeartbeatCounter counter = new HeartbeatCounter();
    WorkflowServiceStubs workerStubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget(temporal.address()).setGrpcClientInterceptors(List.of(counter)).build());
    WorkflowServiceStubs otherStubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget(temporal.address()).setGrpcClientInterceptors(List.of(counter)).build());
    boolean sticky = temporal.profile().stickyExecution();
    HttpEndpoint workerProbes = probed ? HttpEndpoint.loopback("probes-w") : null;
    HttpEndpoint watcherProbes = probed ? HttpEndpoint.loopback("probes-watcher") : null;
    SessionWorker worker = sessionWorker(workerStubs, queue, "w", sessions, sticky, workerProbes);
    // A second session worker that takes no sessions: it runs the workflows and watches the first one's presence.
    SessionWorker watcher = sessionWorker(otherStubs, queue, "watcher", 1, sticky, watcherProbes);
    watcher.host().cordon();
    worker.start();
    watcher.start();
    try {
      WorkflowClient client = WorkflowClient.newInstance(otherStubs);
      List<CompletableFuture<String>> results = new ArrayList<>();
      for (int i = 0; i < sessions; i++) {
        HoldWorkflow wf = client.newWorkflowStub(HoldWorkflow.class, temporal.profile().apply(
            WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId(queue + "-" + i)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(30))).build());
        WorkflowClient.start(wf::hold, liveness);
        results.add(WorkflowStub.fromTyped(wf).getResultAsync(String.class));
      }
      long deadline = System.currentTimeMillis() + 120_000;
      while (worker.host().openSessions().size() < sessions) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException(queue + ": only " + worker.host().openSessions().size() + " of " + sessions
              + " sessions opened in 2 minutes");
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
      TimeUnit.SECONDS.sleep(3); // past each lease's first heartbeat, which the SDK sends at once
      long before = counter.calls.get();
      TimeUnit.SECONDS.sleep(window);
      double perSessionHour = (counter.calls.get() - before) * 3600.0 / window / sessions;

      long killedAt = System.currentTimeMillis();
      if (workerProbes != null) {
        workerProbes.close();
      }
      workerStubs.shutdownNow();
      worker.shutdownNow();
      List<Long> detection = new ArrayList<>();
      for (CompletableFuture<String> r : results) {
        String[] seen = r.get(10, TimeUnit.MINUTES).split(" ");
        if (!seen[1].equals("WorkerLost")) {
          throw new IllegalStateException(queue + ": a session ended with " + seen[1] + ", not WorkerLost");
        }
        detection.add(Long.parseLong(seen[0]) - killedAt);
      }
      return new Figure(perSessionHour, Stats.median(detection), Stats.max(detection));
    } finally {
      worker.shutdownNow();
      watcher.shutdownNow();
      otherStubs.shutdownNow();
      if (watcherProbes != null) {
        watcherProbes.close();
      }
    }
  }

  /** @param probes where it answers presence probes, or null for a presence that heartbeats within its timeout */
  private static SessionWorker sessionWorker(WorkflowServiceStubs stubs, String queue, String id, int maxSessions,
      boolean sticky, HttpEndpoint probes) {
    WorkflowClient client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().build());
    SessionHost host = new SessionHost(queue, queue + "-" + id, maxSessions);
    if (probes != null) {
      host.answerPresenceProbesAt(URI.create(probes.baseUrl()));
      probes.route(SessionHost.PRESENCE_PROBE_PATH, host.presenceProbe());
    }
    SessionWorker worker = new SessionWorker(client, host, SessionWorker.Options.forSessions(maxSessions, sticky));
    worker.sharedQueueWorker().registerWorkflowImplementationTypes(HoldWorkflowImpl.class);
    return worker;
  }
}
