package dev.locus.testing;

import dev.locus.temporal.DevServer;
import dev.locus.temporal.EmbeddedTemporal;
import dev.locus.temporal.ServerProfile;
import dev.locus.temporal.TemporalCliServer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * A Temporal gRPC server on a free loopback port for tests: the embedded stand-in (real time) or the real dev server.
 */
public final class LocalTemporal implements AutoCloseable {
  static {
    TestServerQuirks.tolerate();
  }

  private final ServerUnderTest kind;
  private final DevServer server;
  private final List<WorkflowServiceStubs> stubs = new ArrayList<>();
  private final WorkflowClient client;

  /** The embedded stand-in. */
  public LocalTemporal() {
    this(ServerUnderTest.EMBEDDED);
  }

  /** Starts {@code kind}; skips the test (fails it in CI) if that server is not installed. */
  public LocalTemporal(ServerUnderTest kind) {
    kind.assumeAvailable();
    this.kind = kind;
    try {
      this.server = kind == ServerUnderTest.EMBEDDED ? EmbeddedTemporal.start("127.0.0.1", 0)
          : TemporalCliServer.start("127.0.0.1", 0, false, Files.createTempFile("temporal-dev-server", ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.client = newClient();
  }

  public ServerUnderTest kind() {
    return kind;
  }

  /** How workers and clients must treat this server (sticky execution, workflow-task timeout). */
  public ServerProfile profile() {
    return server.profile();
  }

  public String address() {
    return server.address();
  }

  /** The client tests start workflows with. */
  public WorkflowClient client() {
    return client;
  }

  /** A client on its own gRPC channel: shutting its stubs down cuts that "process" off the server. */
  public WorkflowClient newClient() {
    WorkflowServiceStubs s = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
    synchronized (stubs) {
      stubs.add(s);
    }
    return WorkflowClient.newInstance(s, WorkflowClientOptions.newBuilder()
        .setWorkerHeartbeatInterval(profile().workerHeartbeatInterval()).build());
  }

  @Override
  public void close() {
    synchronized (stubs) {
      stubs.forEach(WorkflowServiceStubs::shutdownNow);
    }
    server.close();
  }
}
