package dev.locus.testing;

import dev.locus.temporal.DevServer;
import dev.locus.temporal.Ports;
import dev.locus.temporal.ServerProfile;
import dev.locus.temporal.TemporalCliServer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * A Temporal gRPC server on a free loopback port for tests: the embedded stand-in (real time) or the real dev server.
 */
public final class LocalTemporal implements AutoCloseable {
  private final ServerUnderTest kind;
  private final AutoCloseable server;
  private final String address;
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
    if (kind == ServerUnderTest.EMBEDDED) {
      int port = Ports.free();
      this.server = TestServer.createPortBoundServer(port);
      this.address = "127.0.0.1:" + port;
    } else {
      try {
        DevServer cli = TemporalCliServer.start("127.0.0.1", 0, false,
            Files.createTempFile("temporal-dev-server", ".log"));
        this.server = cli;
        this.address = cli.address();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    this.client = newClient();
  }

  public ServerUnderTest kind() {
    return kind;
  }

  /** How workers and clients must treat this server (sticky execution, workflow-task timeout). */
  public ServerProfile profile() {
    return kind == ServerUnderTest.EMBEDDED ? ServerProfile.EMBEDDED : ServerProfile.REAL;
  }

  public String address() {
    return address;
  }

  /** The client tests start workflows with. */
  public WorkflowClient client() {
    return client;
  }

  /** A client on its own gRPC channel: shutting its stubs down cuts that "process" off the server. */
  public WorkflowClient newClient() {
    WorkflowServiceStubs s = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
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
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the " + kind + " server", e);
    }
  }
}
