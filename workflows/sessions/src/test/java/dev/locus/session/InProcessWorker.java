package dev.locus.session;

import dev.locus.testing.LocalTemporal;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A session worker in the test JVM with its own gRPC channel. {@link #kill()} cuts the channel first and then stops
 * the worker, so nothing more reaches the server: to Temporal it is a worker that died.
 */
public final class InProcessWorker implements AutoCloseable {
  private final WorkflowClient client;
  private final SessionWorker worker;
  private boolean stopped;

  public InProcessWorker(LocalTemporal temporal, String sharedQueue, String workerId, int maxSessions,
      Consumer<SessionWorker> register) {
    this.client = temporal.newClient();
    SessionHost host = new SessionHost(sharedQueue, workerId, maxSessions);
    this.worker = new SessionWorker(client, host, SessionWorker.Options.forSessions(maxSessions, temporal.profile().stickyExecution()));
    register.accept(worker);
    worker.start();
  }

  /** A worker of {@link ProbeWorkflowImpl} and {@link ProbeActivitiesImpl}, as the session tests use it. */
  static InProcessWorker probe(LocalTemporal temporal, String sharedQueue, String workerId, int maxSessions) {
    return new InProcessWorker(temporal, sharedQueue, workerId, maxSessions, sw -> {
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
