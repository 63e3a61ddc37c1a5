package dev.locus.testing;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** A real Temporal gRPC server (the embedded test server, real time) on a free loopback port, for tests. */
public final class LocalTemporal implements AutoCloseable {
  private final TestServer.PortBoundTestServer server;
  private final int port;
  private final List<WorkflowServiceStubs> stubs = new ArrayList<>();
  private final WorkflowClient client;

  public LocalTemporal() {
    this.port = freePort();
    this.server = TestServer.createPortBoundServer(port);
    this.client = newClient();
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
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
    return WorkflowClient.newInstance(s);
  }

  @Override
  public void close() {
    synchronized (stubs) {
      stubs.forEach(WorkflowServiceStubs::shutdownNow);
    }
    server.close();
  }
}
