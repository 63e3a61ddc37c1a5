package dev.locus.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;

/**
 * The JDK's HTTP server on daemon threads, as every Locus endpoint uses it: the worker's and the operator's health
 * port, and the demo's, tests' and benchmarks' loopback servers.
 */
public final class HttpEndpoint implements AutoCloseable {
  private final HttpServer server;
  private final String host;

  private HttpEndpoint(HttpServer server, String host) {
    this.server = server;
    this.host = host;
  }

  /** Serves on {@code bindAddress:port} (0: a free port), handling each exchange on a thread named {@code name}. */
  public static HttpEndpoint start(String bindAddress, int port, String name) {
    return start(new InetSocketAddress(bindAddress, port), name);
  }

  /** Serves on a free loopback port. */
  public static HttpEndpoint loopback(String name) {
    return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), name);
  }

  private static HttpEndpoint start(InetSocketAddress address, String name) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    }));
    server.start();
    String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
    return new HttpEndpoint(server, host);
  }

  /** Routes requests under {@code path} to {@code handler}; routes may be added while serving. */
  public HttpEndpoint route(String path, HttpHandler handler) {
    server.createContext(path, handler);
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://host:port}, reachable from this machine. */
  public String baseUrl() {
    return "http://" + host + ":" + port();
  }

  /** Reads what the client sent, answers {@code status} with {@code body} (none if empty) and ends the exchange. */
  /**
   * Answers the headers of a GET of a resource of {@code size} bytes whose entity tag is {@code etag}, honouring
   * {@code Range: bytes=N-} when its {@code If-Range} (if any) names this entity: returns the offset the body starts
   * at, 0 for the whole resource. Write the body's {@code size - offset} bytes from that offset next.
   */
  public static long sendRanged(HttpExchange ex, long size, String etag) throws IOException {
    ex.getResponseHeaders().set("ETag", etag);
    ex.getResponseHeaders().set("Accept-Ranges", "bytes");
    long from = 0;
    String range = ex.getRequestHeaders().getFirst("Range");
    String ifRange = ex.getRequestHeaders().getFirst("If-Range");
    if (range != null && range.matches("bytes=\\d{1,18}-") && (ifRange == null || ifRange.equals(etag))) {
      from = Long.parseLong(range.substring("bytes=".length(), range.length() - 1));
      if (from >= size) {
        ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
        ex.sendResponseHeaders(416, -1);
        return -1;
      }
    }
    if (from > 0) {
      ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (size - 1) + "/" + size);
      ex.sendResponseHeaders(206, size - from);
    } else {
      ex.sendResponseHeaders(200, size);
    }
    return from;
  }

  public static void respond(HttpExchange ex, int status, byte[] body, String contentType) throws IOException {
    ex.getRequestBody().readAllBytes();
    if (contentType != null) {
      ex.getResponseHeaders().set("Content-Type", contentType);
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  /** The hex SHA-256 of everything {@code in} gives, telling {@code onRead} the size of each read. */
  public static String sha256(InputStream in, IntConsumer onRead) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[1 << 16];
    for (int n; (n = in.read(buffer)) > 0; ) {
      digest.update(buffer, 0, n);
      onRead.accept(n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
