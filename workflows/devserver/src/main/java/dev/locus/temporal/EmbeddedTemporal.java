package dev.locus.temporal;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The Temporal dev server in this JVM: temporal-test-server's services, in real time, on an address of our choosing
 * (TestServer.createPortBoundServer binds every interface; the demo binds loopback only). It lacks
 * DescribeTaskQueue, visibility and the sticky-queue fallback: {@link ServerProfile#EMBEDDED} says how to treat it.
 */
public final class EmbeddedTemporal implements DevServer {
  private final TestServicesStarter services;
  private final Server server;
  private final String host;

  private EmbeddedTemporal(TestServicesStarter services, Server server, String host) {
    this.services = services;
    this.server = server;
    this.host = host;
  }

  /** Starts on {@code host:port}; port 0 picks a free one. */
  public static EmbeddedTemporal start(String host, int port) {
    TestServicesStarter services = new TestServicesStarter(true, 0);
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port));
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    try {
      return new EmbeddedTemporal(services, builder.build().start(), host);
    } catch (IOException e) {
      services.close();
      throw new UncheckedIOException("cannot start the Temporal dev server on " + host + ":" + port
          + " (" + e.getMessage() + "); is the port in use? try --port", e);
    }
  }

  @Override
  public String kind() {
    return "embedded";
  }

  @Override
  public ServerProfile profile() {
    return ServerProfile.EMBEDDED;
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public String address() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
  }

  /**
   * As temporal-test-server's own port-bound server closes: calls finish first (up to 5 s), then the services stop.
   * Cutting calls off first leaves the services answering calls already closed ("call already closed").
   */
  @Override
  public void close() {
    server.shutdown();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    services.close();
    server.shutdownNow();
  }
}
