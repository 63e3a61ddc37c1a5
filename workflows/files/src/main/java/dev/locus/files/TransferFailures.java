package dev.locus.files;

import dev.locus.session.SessionFailureReason;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.file.NoSuchFileException;

/** Turns transfer problems into Temporal failures: retryable when trying again may help, typed either way. */
final class TransferFailures {
  private TransferFailures() {}

  static ApplicationFailure httpStatus(String method, URI uri, int status) {
    String message = method + " " + redact(uri) + " answered HTTP " + status;
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
      return ApplicationFailure.newNonRetryableFailure(message, "HttpClientError");
    }
    return ApplicationFailure.newFailure(message, "HttpServerError");
  }

  static ApplicationFailure notAllowed(String what, IllegalArgumentException e) {
    return ApplicationFailure.newNonRetryableFailure(what + " refused: " + e.getMessage(), "SourceNotAllowed");
  }

  /**
   * The worker's local disk has no room for the session's data: the file domain's own session failure reason, so
   * that the workflow moves to another worker.
   */
  static final SessionFailureReason LOCAL_DISK_FULL = SessionFailureReason.declare("LocalDiskFull", "files.LocalDiskFull");

  static ApplicationFailure diskFull(String message) {
    return LOCAL_DISK_FULL.newFailure(message);
  }

  static ApplicationFailure localDataMissing(String message) {
    return SessionFailureReason.LOCAL_DATA_MISSING.newFailure(message);
  }

  static ApplicationFailure io(String action, URI uri, IOException e) {
    String target = redact(uri);
    if (isDiskFull(e)) {
      return diskFull(action + " " + target + ": no space left on the worker's disk");
    }
    if (e instanceof NoSuchFileException) {
      return ApplicationFailure.newNonRetryableFailure(action + " " + target + ": no such file", "NotFound");
    }
    if (e instanceof ConnectException) {
      return ApplicationFailure.newFailure(action + " " + target + ": connection refused", "Unreachable");
    }
    if (e instanceof HttpTimeoutException) {
      return ApplicationFailure.newFailure(action + " " + target + ": timed out", "Unreachable");
    }
    return ApplicationFailure.newFailure(action + " " + target + ": " + e, "TransferError");
  }

  static boolean isDiskFull(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("No space left on device")) {
        return true;
      }
    }
    return false;
  }

  /** Drops the query string (presigned URLs carry credentials there). */
  static String redact(URI uri) {
    if (uri == null) {
      return "?";
    }
    String s = uri.toString();
    int q = s.indexOf('?');
    return q < 0 ? s : s.substring(0, q) + "?<redacted>";
  }
}
