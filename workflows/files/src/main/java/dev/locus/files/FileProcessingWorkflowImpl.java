package dev.locus.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.session.RerouteOptions;
import dev.locus.session.SessionFailed;
import dev.locus.session.RerouteResult;
import dev.locus.session.SessionOptions;
import dev.locus.session.WorkerSessions;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.converter.DataConverterException;
import io.temporal.worker.WorkflowImplementationOptions;
import io.temporal.workflow.Workflow;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Set;

public class FileProcessingWorkflowImpl implements LenientFileProcessingWorkflow {
  static final String INVALID_REQUEST = "InvalidRequest";
  private static final String SOURCE_CHECK = "locus-source-allowlist-check";

  /**
   * Register the workflow with these: a session failure fails the workflow, and so does an input that is not JSON at
   * all, instead of failing its first workflow task forever.
   */
  public static final WorkflowImplementationOptions OPTIONS = WorkflowImplementationOptions.newBuilder()
      .setFailWorkflowExceptionTypes(SessionFailed.class, DataConverterException.class)
      .build();

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

  private final SourcePolicy policy;
  private FileProcessingStatus status = new FileProcessingStatus(null, 0, "Waiting");
  private int attempt;

  /** Checks sources only for their scheme; the worker's allowlist is applied when the file is fetched. */
  public FileProcessingWorkflowImpl() {
    this(null);
  }

  /** Refuses, before any session is opened, what {@code policy} (the workers' allowlist) would refuse. */
  public FileProcessingWorkflowImpl(SourcePolicy policy) {
    this.policy = policy;
  }

  @Override
  public FileProcessingResult process(JsonNode json) {
    FileProcessingRequest request = FileProcessingRequestJson.fromJson(json);
    validate(request);
    Transform transform = Transform.parse(request.transform());
    // One presence per worker: a worker's liveness costs the same heartbeats whatever its number of files.
    SessionOptions sessionOptions = SessionOptions.defaults().withFailureReasons(TransferFailures.LOCAL_DISK_FULL)
        .withLiveness(SessionOptions.Liveness.PER_WORKER);
    if (request.sessionHeartbeatTimeoutMs() != null) {
      sessionOptions = sessionOptions.withHeartbeatTimeout(Duration.ofMillis(request.sessionHeartbeatTimeoutMs()));
    }
    if (request.resumeWithinMs() != null) {
      sessionOptions = sessionOptions.withResumeWithin(Duration.ofMillis(request.resumeWithinMs()));
    }
    RerouteResult<ProcessedUpload> result = WorkerSessions.runWithReroute(
        sessionOptions, RerouteOptions.defaults().alsoOn(TransferFailures.LOCAL_DISK_FULL), session -> {
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

  private void validate(FileProcessingRequest request) {
    if (request.source() == null || request.source().isBlank()) {
      throw FileProcessingRequestJson.invalid("source URL is required");
    }
    requireUrl("source", request.source());
    if (request.destination() != null) {
      requireUrl("destination", request.destination());
    }
    try {
      Transform.parse(request.transform());
    } catch (IllegalArgumentException e) {
      throw FileProcessingRequestJson.invalid(e.getMessage());
    }
    // Runs started before this check existed replay without it.
    if (policy != null && Workflow.getVersion(SOURCE_CHECK, Workflow.DEFAULT_VERSION, 1) == 1) {
      // Recorded once in history: a later change of the allowlist does not change what a replay decides.
      String refused = Workflow.sideEffect(String.class, () -> refusal(request));
      if (refused != null) {
        throw FileProcessingRequestJson.invalid(refused);
      }
    }
  }

  private String refusal(FileProcessingRequest request) {
    for (String[] url : new String[][] {{"source", request.source()}, {"destination", request.destination()}}) {
      if (url[1] != null && !url[1].isBlank()) {
        try {
          policy.check(url[1]);
        } catch (IllegalArgumentException e) {
          return url[0] + " refused: " + e.getMessage();
        }
      }
    }
    return null;
  }

  private static void requireUrl(String what, String url) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase())) {
        throw FileProcessingRequestJson.invalid(
            what + " '" + url + "' has an unsupported scheme; use http, https or file");
      }
    } catch (URISyntaxException e) {
      throw FileProcessingRequestJson.invalid(what + " '" + url + "' is not a valid URL: " + e.getMessage());
    }
  }

  private record ProcessedUpload(ProcessedFile processed, String location) {}
}
