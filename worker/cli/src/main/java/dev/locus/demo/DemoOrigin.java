package dev.locus.demo;

import com.sun.net.httpserver.HttpExchange;
import dev.locus.http.HttpEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The demo's origin on loopback: GET /files/{n}.bin streams a generated file of a fixed size (the same bytes for
 * the same n, never held in memory whole; byte ranges with an entity tag, as an object store serves them) and counts
 * every byte it serves; PUT /uploads/{name} keeps the SHA-256 of
 * what it receives, so the demo can check what workers uploaded.
 */
public final class DemoOrigin implements AutoCloseable {
  /** What the origin is doing, for a test that wants to act at a given moment of a transfer. */
  public record Event(Kind kind, String file) {
    public enum Kind { DOWNLOAD_STARTED, DOWNLOAD_FINISHED, UPLOAD_STARTED, UPLOAD_FINISHED }
  }

  private static final int BLOCK = 1 << 16;
  /** Letters, digits and two more: compressible like text, so the gzip step does real work. */
  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 \n".getBytes();

  private final HttpEndpoint server;
  private final long size;
  private final AtomicLong bytesServed = new AtomicLong();
  private final Map<String, String> uploads = new ConcurrentHashMap<>();
  private final long bytesPerSecond;
  private volatile Consumer<Event> events = e -> { };

  public DemoOrigin(long size) {
    this(size, 0);
  }

  /** @param bytesPerSecond the rate of each download and upload, as a remote store gives; 0 for no limit */
  public DemoOrigin(long size, long bytesPerSecond) {
    this.size = size;
    this.bytesPerSecond = bytesPerSecond;
    server = HttpEndpoint.loopback("demo-origin").route("/files/", this::serve).route("/uploads/", this::receive);
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public String fileUrl(int n) {
    return baseUrl() + "/files/" + n + ".bin";
  }

  public String uploadsUrl() {
    return baseUrl() + "/uploads/";
  }

  /** Tells {@code listener} when each transfer starts and ends; {@code file} is "{n}.bin" or the upload's name. */
  public void onEvent(Consumer<Event> listener) {
    this.events = listener;
  }

  public long bytesServed() {
    return bytesServed.get();
  }

  /** SHA-256 of the body last PUT to /uploads/{name}, or null. */
  public String uploadSha256(String name) {
    return uploads.get(name);
  }

  /** SHA-256 of file n, computed by generating it again. */
  public String sha256(int n) {
    MessageDigest digest = sha256();
    generate(n, (block, length) -> digest.update(block, 0, length));
    return HexFormat.of().formatHex(digest.digest());
  }

  private interface Sink {
    void accept(byte[] block, int length) throws IOException;
  }

  private void generate(int n, Sink sink) {
    SplittableRandom random = new SplittableRandom(0x10C05L * 31 + n);
    byte[] block = new byte[BLOCK];
    try {
      for (long left = size; left > 0; left -= BLOCK) {
        for (int i = 0; i < BLOCK; i += 8) {
          long v = random.nextLong();
          for (int j = 0; j < 8; j++) {
            block[i + j] = ALPHABET[(int) (v >>> (j * 8)) & 0x3F];
          }
        }
        sink.accept(block, (int) Math.min(BLOCK, left));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void serve(HttpExchange ex) throws IOException {
    try (ex) {
      String name = ex.getRequestURI().getPath().substring("/files/".length());
      if (!ex.getRequestMethod().equals("GET") || !name.matches("\\d{1,9}\\.bin")) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      int n = Integer.parseInt(name.substring(0, name.length() - 4));
      ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
      long from = HttpEndpoint.sendRanged(ex, size, "\"" + n + "-" + size + "\"");
      if (from < 0) {
        return;
      }
      events.accept(new Event(Event.Kind.DOWNLOAD_STARTED, name));
      OutputStream out = ex.getResponseBody();
      Pace pace = new Pace();
      long[] skip = {from};
      generate(n, (block, length) -> {
        int off = (int) Math.min(length, skip[0]);
        skip[0] -= off;
        if (off < length) {
          out.write(block, off, length - off);
          bytesServed.addAndGet(length - off);
          pace.after(length - off);
        }
      });
      out.close();
      events.accept(new Event(Event.Kind.DOWNLOAD_FINISHED, name));
    } catch (java.io.UncheckedIOException clientWentAway) {
      // a worker killed mid-download: the bytes it got were counted
    }
  }

  private void receive(HttpExchange ex) throws IOException {
    try (ex) {
      String name = ex.getRequestURI().getPath().substring("/uploads/".length());
      if (!ex.getRequestMethod().equals("PUT") || name.isEmpty() || name.contains("/")) {
        ex.sendResponseHeaders(400, -1);
        return;
      }
      events.accept(new Event(Event.Kind.UPLOAD_STARTED, name));
      Pace pace = new Pace();
      uploads.put(name, HttpEndpoint.sha256(ex.getRequestBody(), pace::after));
      ex.sendResponseHeaders(201, -1);
      events.accept(new Event(Event.Kind.UPLOAD_FINISHED, name));
    }
  }

  /** Holds one transfer to {@link #bytesPerSecond}. */
  private final class Pace {
    private final long start = System.nanoTime();
    private long bytes;

    void after(int n) {
      if (bytesPerSecond <= 0) {
        return;
      }
      bytes += n;
      long due = start + bytes * 1_000_000_000L / bytesPerSecond;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
