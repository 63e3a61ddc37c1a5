package dev.locus.files;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * GET and PUT over HTTP(S) for activities that move files: the file workflow's and the benchmarks' baselines.
 * HttpURLConnection, not HttpClient: its blocking stream reads straight into the caller's buffer, about three times
 * as fast on large bodies (bench/limits.sh). Problems become typed Temporal failures (TransferFailures).
 */
public final class HttpTransfer {
  private static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  private static final int READ_TIMEOUT_MILLIS = 120_000;

  private HttpTransfer() {}

  /** Where a GET's body goes: told the announced length (-1 if none), returns how many bytes it read. */
  public interface Body {
    long read(InputStream in, long announcedLength) throws IOException;
  }

  /**
   * GETs {@code uri} into {@code body}, following up to five redirects, each of which {@code allowRedirect} checks
   * (it throws to refuse). A body shorter than announced fails, retryably.
   */
  public static long get(URI uri, UnaryOperator<URI> allowRedirect, Body body) throws IOException {
    URI current = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpURLConnection connection = open(current);
      try {
        connection.setInstanceFollowRedirects(false);
        int status = connection.getResponseCode();
        if (REDIRECTS.contains(status)) {
          String location = connection.getHeaderField("Location");
          if (location == null) {
            throw TransferFailures.httpStatus("GET", current, status);
          }
          current = allowRedirect.apply(current.resolve(location));
          continue;
        }
        if (status / 100 != 2) {
          throw TransferFailures.httpStatus("GET", current, status);
        }
        long expected = connection.getContentLengthLong();
        long received;
        try (InputStream in = connection.getInputStream()) {
          received = body.read(in, expected);
        }
        if (expected >= 0 && received != expected) {
          throw ApplicationFailure.newFailure("GET " + TransferFailures.redact(current) + " ended after " + received
              + " of " + expected + " bytes", "TransferError");
        }
        return received;
      } finally {
        connection.disconnect();
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "GET " + TransferFailures.redact(uri) + ": more than " + MAX_REDIRECTS + " redirects", "TooManyRedirects");
  }

  /** PUTs {@code file} to {@code target}, streamed with its length; anything but 2xx fails. */
  public static void put(Path file, URI target) throws IOException {
    HttpURLConnection connection = open(target);
    try {
      connection.setRequestMethod("PUT");
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(Files.size(file));
      try (OutputStream out = connection.getOutputStream()) {
        Files.copy(file, out);
      }
      int status = connection.getResponseCode();
      if (status / 100 != 2) {
        throw TransferFailures.httpStatus("PUT", target, status);
      }
    } finally {
      connection.disconnect();
    }
  }

  private static HttpURLConnection open(URI uri) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    connection.setReadTimeout(READ_TIMEOUT_MILLIS);
    return connection;
  }
}
