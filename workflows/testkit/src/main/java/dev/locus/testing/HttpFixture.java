package dev.locus.testing;

import com.sun.net.httpserver.HttpExchange;
import dev.locus.http.HttpEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** A loopback HTTP server for tests: fixed bodies, status codes, redirects, and PUT targets that keep a SHA-256. */
public final class HttpFixture implements AutoCloseable {
  private final HttpEndpoint server = HttpEndpoint.loopback("http-fixture");
  public final Map<String, String> putSha256 = new ConcurrentHashMap<>();
  private final AtomicLong bytesServed = new AtomicLong();

  public String url(String path) {
    return server.baseUrl() + path;
  }

  public HttpFixture body(String path, byte[] body) {
    server.route(path, ex -> respond(ex, 200, body));
    return this;
  }

  /** Serves {@code body} with an entity tag and byte ranges ({@code Range: bytes=N-}), counting the bytes served. */
  public HttpFixture ranged(String path, byte[] body, String etag) {
    server.route(path, ex -> {
      long from = HttpEndpoint.sendRanged(ex, body.length, etag);
      if (from >= 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body, (int) from, body.length - (int) from);
          bytesServed.addAndGet(body.length - from);
        }
      }
      ex.close();
    });
    return this;
  }

  /** Serves {@code body} with chunked transfer encoding, so the client cannot know its size up front. */
  public HttpFixture chunked(String path, byte[] body) {
    server.route(path, ex -> {
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(200, 0);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      } catch (IOException clientGaveUp) {
        // expected when the client's disk fills up
      }
      ex.close();
    });
    return this;
  }

  /** Serves {@code totalBytes} slowly, 64 KiB every 100 ms. */
  public HttpFixture slow(String path, int totalBytes) {
    server.route(path, ex -> {
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(200, totalBytes);
      try (OutputStream out = ex.getResponseBody()) {
        byte[] chunk = new byte[1 << 16];
        for (int sent = 0; sent < totalBytes; sent += chunk.length) {
          int n = Math.min(chunk.length, totalBytes - sent);
          out.write(chunk, 0, n);
          out.flush();
          bytesServed.addAndGet(n);
          Thread.sleep(100);
        }
      } catch (IOException | InterruptedException clientGaveUp) {
        // expected when the client stops reading
      }
      ex.close();
    });
    return this;
  }

  /** Bytes the slow and ranged paths have served so far, counted as they are written. */
  public long bytesServed() {
    return bytesServed.get();
  }

  public HttpFixture status(String path, int status) {
    server.route(path, ex -> respond(ex, status, ("status " + status).getBytes()));
    return this;
  }

  public HttpFixture redirect(String path, String location) {
    server.route(path, ex -> {
      ex.getResponseHeaders().add("Location", location);
      respond(ex, 302, new byte[0]);
    });
    return this;
  }

  /** Accepts PUTs under {@code path} and remembers each body's SHA-256 by request path. */
  public HttpFixture putTarget(String path) {
    server.route(path, ex -> {
      putSha256.put(ex.getRequestURI().getPath(), HttpEndpoint.sha256(ex.getRequestBody(), n -> { }));
      respond(ex, 201, new byte[0]);
    });
    return this;
  }

  private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
    HttpEndpoint.respond(ex, status, body, null);
  }

  @Override
  public void close() {
    server.close();
  }
}
