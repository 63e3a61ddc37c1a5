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
   * What a GET answered, as its body needs it.
   *
   * @param offset where the body starts in the resource: 0, or where a ranged GET asked it to
   * @param announcedLength the body's length (-1 if not announced)
   * @param validator the resource's entity tag, to resume a cut transfer with; null if it has none
   */
  public record Answer(long offset, long announcedLength, String validator) {}

  /** Where a resumable GET's body goes; returns how many bytes it read. */
  public interface ResumableBody {
    long read(InputStream in, Answer answer) throws IOException;
  }

  /** A transfer cut short: {@code have} bytes of the resource whose entity tag was {@code validator}. */
  public record Partial(long have, String validator) {}

  /**
   * GETs {@code uri} into {@code body}, following up to five redirects, each of which {@code allowRedirect} checks
   * (it throws to refuse). A body shorter than announced fails, retryably.
   */
  public static long get(URI uri, UnaryOperator<URI> allowRedirect, Body body) throws IOException {
    return get(uri, allowRedirect, null, (in, answer) -> body.read(in, answer.announcedLength()));
  }

  /**
   * As {@link #get(URI, UnaryOperator, Body)}, asking only for the bytes after {@code partial} when the resource still
   * has its entity tag ({@code Range} with {@code If-Range}); the answer says where the body starts. Returns how many
   * bytes of the resource the caller now has: the answer's offset plus the body's bytes (all of them, without a
   * body, when the partial was in fact whole).
   */
  public static long get(URI uri, UnaryOperator<URI> allowRedirect, Partial partial, ResumableBody body)
      throws IOException {
    URI current = uri;
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpURLConnection connection = open(current);
      try {
        connection.setInstanceFollowRedirects(false);
        if (partial != null && partial.have() > 0 && partial.validator() != null) {
          connection.setRequestProperty("Range", "bytes=" + partial.have() + "-");
          connection.setRequestProperty("If-Range", partial.validator());
        }
        int status = connection.getResponseCode();
        if (status == 416 && partial != null
            && ("bytes */" + partial.have()).equals(connection.getHeaderField("Content-Range"))) {
          return partial.have();
        }
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
        long offset = status == 206 ? rangeStart(connection.getHeaderField("Content-Range"), current) : 0;
        if (partial != null && offset != 0 && offset != partial.have()) {
          throw ApplicationFailure.newFailure("GET " + TransferFailures.redact(current) + " answered from byte " + offset
              + ", not " + partial.have(), "TransferError");
        }
        String etag = connection.getHeaderField("ETag");
        String validator = etag == null || etag.startsWith("W/") ? null : etag;
        long received;
        try (InputStream in = connection.getInputStream()) {
          received = body.read(in, new Answer(offset, expected, validator));
        }
        if (expected >= 0 && received != expected) {
          throw ApplicationFailure.newFailure("GET " + TransferFailures.redact(current) + " ended after " + received
              + " of " + expected + " bytes", "TransferError");
        }
        return offset + received;
      } finally {
        connection.disconnect();
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "GET " + TransferFailures.redact(uri) + ": more than " + MAX_REDIRECTS + " redirects", "TooManyRedirects");
  }

  /** The first byte of a 206 answer's {@code Content-Range: bytes FIRST-LAST/TOTAL}. */
  private static long rangeStart(String contentRange, URI uri) {
    if (contentRange == null || !contentRange.matches("bytes \\d{1,18}-\\d{1,18}/(\\d{1,18}|\\*)")) {
      throw ApplicationFailure.newFailure("GET " + TransferFailures.redact(uri) + " answered 206 with Content-Range '"
          + contentRange + "'", "TransferError");
    }
    return Long.parseLong(contentRange.substring("bytes ".length(), contentRange.indexOf('-')));
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
