package dev.locus.bench;

import com.sun.net.httpserver.HttpExchange;
import dev.locus.http.HttpEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/** "Shared storage" on loopback: PUT /blobs/{name} stores a file, GET serves it back; bytes both ways counted. */
final class BlobStore implements AutoCloseable {
  private final HttpEndpoint server;
  private final Path dir;
  final AtomicLong bytesIn = new AtomicLong();
  final AtomicLong bytesOut = new AtomicLong();

  BlobStore(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    server = HttpEndpoint.loopback("blob-store").route("/blobs/", this::handle);
  }

  String url() {
    return server.baseUrl() + "/blobs/";
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String name = ex.getRequestURI().getPath().substring("/blobs/".length());
      if (!name.matches("[A-Za-z0-9._-]+")) {
        ex.sendResponseHeaders(400, -1);
        return;
      }
      Path file = dir.resolve(name);
      if (ex.getRequestMethod().equals("PUT")) {
        Path partial = dir.resolve(name + ".partial");
        bytesIn.addAndGet(Files.copy(ex.getRequestBody(), partial, StandardCopyOption.REPLACE_EXISTING));
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        ex.sendResponseHeaders(201, -1);
      } else if (Files.exists(file)) {
        ex.sendResponseHeaders(200, Files.size(file));
        try (OutputStream out = ex.getResponseBody()) {
          bytesOut.addAndGet(Files.copy(file, out));
        }
      } else {
        ex.sendResponseHeaders(404, -1);
      }
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
