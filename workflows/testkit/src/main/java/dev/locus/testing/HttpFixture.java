package dev.locus.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/** A loopback HTTP server for tests: fixed bodies, status codes, redirects, and PUT targets that keep a SHA-256. */
public final class HttpFixture implements AutoCloseable {
  private final HttpServer server;
  public final Map<String, String> putSha256 = new ConcurrentHashMap<>();

  public HttpFixture() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public HttpFixture body(String path, byte[] body) {
    server.createContext(path, ex -> respond(ex, 200, body));
    return this;
  }

  /** Serves {@code body} with chunked transfer encoding, so the client cannot know its size up front. */
  public HttpFixture chunked(String path, byte[] body) {
    server.createContext(path, ex -> {
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
    server.createContext(path, ex -> {
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(200, totalBytes);
      try (OutputStream out = ex.getResponseBody()) {
        byte[] chunk = new byte[1 << 16];
        for (int sent = 0; sent < totalBytes; sent += chunk.length) {
          out.write(chunk, 0, Math.min(chunk.length, totalBytes - sent));
          out.flush();
          Thread.sleep(100);
        }
      } catch (IOException | InterruptedException clientGaveUp) {
        // expected when the client stops reading
      }
      ex.close();
    });
    return this;
  }

  public HttpFixture status(String path, int status) {
    server.createContext(path, ex -> respond(ex, status, ("status " + status).getBytes()));
    return this;
  }

  public HttpFixture redirect(String path, String location) {
    server.createContext(path, ex -> {
      ex.getResponseHeaders().add("Location", location);
      respond(ex, 302, new byte[0]);
    });
    return this;
  }

  /** Accepts PUTs under {@code path} and remembers each body's SHA-256 by request path. */
  public HttpFixture putTarget(String path) {
    server.createContext(path, ex -> {
      try {
        InputStream in = ex.getRequestBody();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
        putSha256.put(ex.getRequestURI().getPath(), HexFormat.of().formatHex(digest.digest()));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      respond(ex, 201, new byte[0]);
    });
    return this;
  }

  private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getRequestBody().readAllBytes();
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
