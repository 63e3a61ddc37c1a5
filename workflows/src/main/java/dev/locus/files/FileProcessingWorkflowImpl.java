package dev.locus.files;

import dev.locus.session.RerouteOptions;
import dev.locus.session.RerouteResult;
import dev.locus.session.SessionOptions;
import dev.locus.session.WorkerSessions;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Set;

public class FileProcessingWorkflowImpl implements FileProcessingWorkflow {
  /** Transient errors (5xx, connection refused) are retried on the same worker; the session handles worker loss. */
  static final ActivityOptions FILE_STEP = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofHours(2))
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofSeconds(20))
          .setMaximumAttempts(5)
          .build())
      .build();

  private static final Set<String> SCHEMES = Set.of("http", "https", "file");

  private FileProcessingStatus status = new FileProcessingStatus(null, 0, "Waiting");
  private int attempt;

  @Override
  public FileProcessingResult process(FileProcessingRequest request) {
    validate(request);
    Transform transform = Transform.parse(request.transform());
    SessionOptions sessionOptions = SessionOptions.defaults();
    if (request.sessionHeartbeatTimeoutMs() != null) {
      sessionOptions = sessionOptions.withHeartbeatTimeout(Duration.ofMillis(request.sessionHeartbeatTimeoutMs()));
    }
    RerouteResult<ProcessedUpload> result = WorkerSessions.runWithReroute(
        sessionOptions, RerouteOptions.defaults(), session -> {
          FileActivities files = session.newActivityStub(FileActivities.class, FILE_STEP);
          String id = session.sessionId();
          attempt++;
          setStatus(session.workerId(), "Download");
          LocalFile input = files.download(id, request.source());
          setStatus(session.workerId(), "Process");
          ProcessedFile processed = files.process(id, input, transform.id());
          setStatus(session.workerId(), "Upload");
          String location = files.upload(id, processed, request.destination());
          return new ProcessedUpload(processed, location);
        });
    status = new FileProcessingStatus(result.last().workerId(), result.attempts().size(), "Done");
    ProcessedFile processed = result.value().processed();
    return new FileProcessingResult(
        result.last().workerId(),
        result.value().location(),
        processed.sha256(),
        processed.inputSha256(),
        processed.inputBytes(),
        processed.output().sizeBytes(),
        result.attempts());
  }

  @Override
  public FileProcessingStatus status() {
    return status;
  }

  private void setStatus(String worker, String step) {
    status = new FileProcessingStatus(worker, attempt, step);
  }

  private static void validate(FileProcessingRequest request) {
    if (request == null || request.source() == null || request.source().isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure("source URL is required", "InvalidRequest");
    }
    requireUrl("source", request.source());
    if (request.destination() != null) {
      requireUrl("destination", request.destination());
    }
    try {
      Transform.parse(request.transform());
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidRequest");
    }
  }

  private static void requireUrl(String what, String url) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase())) {
        throw ApplicationFailure.newNonRetryableFailure(
            what + " '" + url + "' has an unsupported scheme; use http, https or file", "InvalidRequest");
      }
    } catch (URISyntaxException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          what + " '" + url + "' is not a valid URL: " + e.getMessage(), "InvalidRequest");
    }
  }

  private record ProcessedUpload(ProcessedFile processed, String location) {}
}
