package dev.locus.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * /healthz (the process is alive), /readyz (it is serving; 503 says why not) and /metrics on one small port; used
 * by the worker and the operator alike.
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  /**
   * @param metrics the Prometheus text exposition, e.g. {@code PrometheusMeterRegistry::scrape}
   * @param notReadyReason empty when ready, otherwise why not
   */
  public HealthServer(String bindAddress, int port, Supplier<String> metrics,
      Supplier<Optional<String>> notReadyReason) throws IOException {
    server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "locus-health");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/healthz", ex -> respond(ex, 200, "ok\n", "text/plain"));
    server.createContext("/readyz", ex -> {
      Optional<String> reason = notReadyReason.get();
      respond(ex, reason.isEmpty() ? 200 : 503, reason.map(r -> "not ready: " + r + "\n").orElse("ready\n"),
          "text/plain");
    });
    server.createContext("/metrics", ex -> respond(ex, 200, metrics.get(),
        "text/plain; version=0.0.4; charset=utf-8"));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String body, String type) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
