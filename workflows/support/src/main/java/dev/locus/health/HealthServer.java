package dev.locus.health;

import com.sun.net.httpserver.HttpHandler;
import dev.locus.http.HttpEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * /healthz (the process is alive), /readyz (it is serving; 503 says why not) and /metrics on one small port; used
 * by the worker and the operator alike.
 */
public final class HealthServer implements AutoCloseable {
  private static final String TEXT = "text/plain";
  private final HttpEndpoint endpoint;

  /**
   * @param metrics the Prometheus text exposition, e.g. {@code PrometheusMeterRegistry::scrape}
   * @param notReadyReason empty when ready, otherwise why not
   */
  public HealthServer(String bindAddress, int port, Supplier<String> metrics,
      Supplier<Optional<String>> notReadyReason) throws IOException {
    try {
      endpoint = HttpEndpoint.start(bindAddress, port, "locus-health");
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    endpoint.route("/healthz", ex -> HttpEndpoint.respond(ex, 200, utf8("ok\n"), TEXT));
    endpoint.route("/readyz", ex -> {
      Optional<String> reason = notReadyReason.get();
      HttpEndpoint.respond(ex, reason.isEmpty() ? 200 : 503,
          utf8(reason.map(r -> "not ready: " + r + "\n").orElse("ready\n")), TEXT);
    });
    endpoint.route("/metrics", ex -> HttpEndpoint.respond(ex, 200, utf8(metrics.get()),
        "text/plain; version=0.0.4; charset=utf-8"));
  }

  /** Serves {@code path} (and below it) with {@code handler} too. */
  public HealthServer route(String path, HttpHandler handler) {
    endpoint.route(path, handler);
    return this;
  }

  public int port() {
    return endpoint.port();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
