package dev.locus.session;

import dev.locus.http.HttpEndpoint;
import dev.locus.testing.LocalTemporal;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkflowImplementationOptions;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A session worker in the test JVM with its own gRPC channel. {@link #kill()} cuts the channel first and then stops
 * the worker, so nothing more reaches the server: to Temporal it is a worker that died.
 */
public final class InProcessWorker implements AutoCloseable {
  private final WorkflowClient client;
  private final SessionWorker worker;
  /** Where it answers presence probes, or null. */
  private final HttpEndpoint probes;
  private boolean stopped;

  public InProcessWorker(LocalTemporal temporal, String sharedQueue, String workerId, int maxSessions,
      Consumer<SessionWorker> register) {
    this(temporal, sharedQueue, workerId, maxSessions, null, register);
  }

  /**
   * @param probedAt where it tells other workers to probe its process: {@link #ANSWERING} for its own loopback
   *     endpoint (which {@link #kill()} closes), another URL for one it does not serve, or null for a presence that
   *     heartbeats within each session's timeout
   */
  public InProcessWorker(LocalTemporal temporal, String sharedQueue, String workerId, int maxSessions,
      URI probedAt, Consumer<SessionWorker> register) {
    this.client = temporal.newClient();
    SessionHost host = new SessionHost(sharedQueue, workerId, maxSessions);
    this.probes = probedAt == ANSWERING ? HttpEndpoint.loopback("presence-probes-" + workerId) : null;
    if (probedAt != null) {
      host.answerPresenceProbesAt(probes != null ? URI.create(probes.baseUrl()) : probedAt);
    }
    if (probes != null) {
      probes.route(SessionHost.PRESENCE_PROBE_PATH, host.presenceProbe());
    }
    this.worker = new SessionWorker(client, host, SessionWorker.Options.forSessions(maxSessions, temporal.profile().stickyExecution()));
    register.accept(worker);
    worker.start();
  }

  /** Tells {@link #InProcessWorker(LocalTemporal, String, String, int, URI, Consumer)} to answer probes itself. */
  static final URI ANSWERING = URI.create("http://answering.invalid/");

  /** A worker of {@link ProbeWorkflowImpl} and {@link ProbeActivitiesImpl}, as the session tests use it. */
  static InProcessWorker probe(LocalTemporal temporal, String sharedQueue, String workerId, int maxSessions) {
    return probe(temporal, sharedQueue, workerId, maxSessions, null);
  }

  /** {@link #probe(LocalTemporal, String, String, int)} whose presence other workers probe at {@code probedAt}. */
  static InProcessWorker probe(LocalTemporal temporal, String sharedQueue, String workerId, int maxSessions,
      URI probedAt) {
    return new InProcessWorker(temporal, sharedQueue, workerId, maxSessions, probedAt, sw -> {
      sw.sharedQueueWorker().registerWorkflowImplementationTypes(
          WorkflowImplementationOptions.newBuilder().setFailWorkflowExceptionTypes(SessionFailed.class).build(),
          ProbeWorkflowImpl.class);
      sw.ownQueueWorker().registerActivitiesImplementations(new ProbeActivitiesImpl(sw.host()));
    });
  }

  public SessionHost host() {
    return worker.host();
  }

  public void kill() {
    stopped = true;
    if (probes != null) {
      probes.close();
    }
    client.getWorkflowServiceStubs().shutdownNow();
    worker.shutdownNow();
  }

  public SessionDrain.Result drain(Duration grace) throws InterruptedException {
    stopped = true;
    return worker.drain(grace);
  }

  @Override
  public void close() {
    if (!stopped) {
      kill();
    }
  }
}
