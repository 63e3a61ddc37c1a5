package dev.locus.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.locus.session.SessionAttempt;
import dev.locus.session.SessionHost;
import dev.locus.session.SessionStep;
import dev.locus.testing.HttpFixture;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DataConverterException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class FileProcessingWorkflowTest {
  private static final byte[] DATA = new byte[2 * 1024 * 1024];

  static {
    new Random(11).nextBytes(DATA);
  }

  /** The extension's factory is made before each test's session host: its interceptor is the current host's. */
  private static volatile SessionHost current;
  private static final WorkerInterceptor SESSIONS = new WorkerInterceptorBase() {
    @Override
    public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
      return current.interceptor().interceptWorkflow(next);
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
      return current.interceptor().interceptActivity(next);
    }
  };

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder()
      .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkerInterceptors(SESSIONS).build())
      .registerWorkflowImplementationTypes(FileProcessingWorkflowImpl.OPTIONS, FileProcessingWorkflowImpl.class)
      .setDoNotStart(true)
      .build();

  @TempDir Path workDir;
  @TempDir Path outDir;
  private final HttpFixture http = new HttpFixture().body("/data.bin", DATA).status("/gone", 404);
  private SessionHost host;

  @BeforeEach
  void startSessionWorker(TestWorkflowEnvironment env, Worker sharedQueueWorker) {
    host = new SessionHost(sharedQueueWorker.getTaskQueue(), "worker-0", 2);
    current = host;
    host.registerOn(env.getWorkerFactory()).registerActivitiesImplementations(new FileActivitiesImpl(host, workDir, SourcePolicy.permissive(), 0));
    env.start();
  }

  @AfterEach
  void stopOrigin() {
    http.close();
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  private static FileProcessingWorkflow typed(TestWorkflowEnvironment env, Worker worker) {
    return env.getWorkflowClient().newWorkflowStub(FileProcessingWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(worker.getTaskQueue()).build());
  }

  @Test
  void runsEveryStepOnTheSessionWorker(TestWorkflowEnvironment env, Worker worker) throws Exception {
    FileProcessingWorkflow workflow = typed(env, worker);
    FileProcessingResult result = workflow.process(
        FileProcessingRequest.of(http.url("/data.bin")).withDestination(outDir.toUri().toString()));

    String inputSha = sha256(DATA);
    assertThat(result.worker()).isEqualTo("worker-0");
    assertThat(result.inputSha256()).isEqualTo(inputSha);
    assertThat(result.inputBytes()).isEqualTo(DATA.length);
    Path output = Path.of(URI.create(result.output()));
    assertThat(output).startsWith(outDir);
    assertThat(sha256(Files.readAllBytes(output))).isEqualTo(result.sha256());
    assertThat(result.attempts()).singleElement().satisfies(attempt -> {
      assertThat(attempt.outcome()).isEqualTo("Completed");
      assertThat(attempt.steps()).extracting(SessionStep::activity).containsExactly("Download", "Process", "Upload");
      assertThat(attempt.steps()).extracting(SessionStep::workerId).containsOnly("worker-0");
    });
    assertThat(host.openSessions()).isEmpty();
    assertThat(workDir.resolve("sessions")).isEmptyDirectory();
  }

  @Test
  void aMissingSourceFailsTheWorkflowWithTheHttpError(TestWorkflowEnvironment env, Worker worker) {
    FileProcessingWorkflow workflow = typed(env, worker);
    WorkflowFailedException e = catchThrowableOfType(WorkflowFailedException.class,
        () -> workflow.process(FileProcessingRequest.of(http.url("/gone"))));
    assertThat(e.getCause()).isInstanceOf(ActivityFailure.class);
    ApplicationFailure cause = (ApplicationFailure) e.getCause().getCause();
    assertThat(cause.getType()).isEqualTo("HttpClientError");
    assertThat(cause.getOriginalMessage()).contains("404");
    assertThat(host.openSessions()).isEmpty();
  }

  @Test
  void aBadRequestFailsBeforeAnySessionIsOpened(TestWorkflowEnvironment env, Worker worker) {
    FileProcessingWorkflow workflow = typed(env, worker);
    WorkflowFailedException e = catchThrowableOfType(WorkflowFailedException.class,
        () -> workflow.process(FileProcessingRequest.of("gopher://example.com/x")));
    ApplicationFailure cause = (ApplicationFailure) e.getCause();
    assertThat(cause.getType()).isEqualTo("InvalidRequest");
    assertThat(cause.getOriginalMessage()).contains("unsupported scheme");
  }

  private static ApplicationFailure failureOfInput(TestWorkflowEnvironment env, Worker worker, Object... input) {
    WorkflowStub stub = env.getWorkflowClient().newUntypedWorkflowStub(FileProcessingWorkflow.TYPE,
        WorkflowOptions.newBuilder().setTaskQueue(worker.getTaskQueue())
            .setWorkflowExecutionTimeout(Duration.ofMinutes(1)).build());
    stub.start(input);
    WorkflowFailedException e = catchThrowableOfType(WorkflowFailedException.class,
        () -> stub.getResult(30, TimeUnit.SECONDS, FileProcessingResult.class));
    assertThat(e).as("the workflow should have failed").isNotNull();
    assertThat(e.getCause()).as("failed at once, not timed out").isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) e.getCause();
  }

  @Test
  void aPlainUrlStringIsAcceptedAsTheInput(TestWorkflowEnvironment env, Worker worker) throws Exception {
    WorkflowStub stub = env.getWorkflowClient().newUntypedWorkflowStub(FileProcessingWorkflow.TYPE,
        WorkflowOptions.newBuilder().setTaskQueue(worker.getTaskQueue()).build());
    stub.start(http.url("/data.bin"));
    FileProcessingResult r = stub.getResult(30, TimeUnit.SECONDS, FileProcessingResult.class);
    assertThat(r.inputSha256()).isEqualTo(sha256(DATA));
  }

  @Test
  void anObjectWithOnlyASourceIsAcceptedAsTheInput(TestWorkflowEnvironment env, Worker worker) throws Exception {
    WorkflowStub stub = env.getWorkflowClient().newUntypedWorkflowStub(FileProcessingWorkflow.TYPE,
        WorkflowOptions.newBuilder().setTaskQueue(worker.getTaskQueue()).build());
    stub.start(Map.of("source", http.url("/data.bin"), "transform", "identity"));
    FileProcessingResult r = stub.getResult(30, TimeUnit.SECONDS, FileProcessingResult.class);
    assertThat(r.sha256()).isEqualTo(sha256(DATA));
  }

  @Test
  void everyOtherInputShapeFailsTheWorkflowAtOnceAsInvalidRequest(TestWorkflowEnvironment env, Worker worker) {
    Map<Object, String> problems = new java.util.LinkedHashMap<>();
    problems.put(42, "is a number (42)");
    problems.put(List.of("http://a/b"), "is an array");
    problems.put(true, "is a boolean");
    problems.put(Map.of("url", "http://a/b"), "unknown field(s) [url]");
    problems.put(Map.of("source", 7), "field 'source' must be a string, not a number (7)");
    problems.put(Map.of("source", "http://a/b", "transform", "zip"), "unknown transform 'zip'");
    problems.put(Map.of("destination", "http://a/"), "source URL is required");
    problems.put("example.com/file.bin", "has an unsupported scheme");
    problems.put("http://exa mple.com/x", "is not a valid URL");
    problems.forEach((input, problem) -> {
      ApplicationFailure f = failureOfInput(env, worker, input);
      assertThat(f.getType()).as("input %s", input).isEqualTo("InvalidRequest");
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage()).as("input %s", input).contains(problem);
    });
    assertThat(host.openSessions()).isEmpty();
  }

  @Test
  void noInputAndANonJsonInputFailTheWorkflowAtOnce(TestWorkflowEnvironment env, Worker worker) {
    assertThat(failureOfInput(env, worker).getOriginalMessage()).contains("input is empty");
    ApplicationFailure binary = failureOfInput(env, worker, (Object) new byte[] {1, 2, 3});
    assertThat(binary.getType()).isEqualTo(DataConverterException.class.getName());
  }
}
