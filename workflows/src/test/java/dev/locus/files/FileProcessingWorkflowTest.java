package dev.locus.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.locus.session.SessionAttempt;
import dev.locus.session.SessionFailed;
import dev.locus.session.SessionHost;
import dev.locus.session.SessionInterceptor;
import io.temporal.worker.WorkerFactoryOptions;
import dev.locus.session.SessionStep;
import dev.locus.testing.HttpFixture;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkflowImplementationOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
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

  private static final SessionInterceptor SESSIONS = new SessionInterceptor();

  @RegisterExtension
  static final TestWorkflowExtension temporal = TestWorkflowExtension.newBuilder()
      .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkerInterceptors(SESSIONS).build())
      .registerWorkflowImplementationTypes(
          WorkflowImplementationOptions.newBuilder().setFailWorkflowExceptionTypes(SessionFailed.class).build(),
          FileProcessingWorkflowImpl.class)
      .setDoNotStart(true)
      .build();

  @TempDir Path workDir;
  @TempDir Path outDir;
  private final HttpFixture http = new HttpFixture().body("/data.bin", DATA).status("/gone", 404);
  private SessionHost host;

  @BeforeEach
  void startSessionWorker(TestWorkflowEnvironment env, Worker sharedQueueWorker) {
    host = new SessionHost(sharedQueueWorker.getTaskQueue(), "worker-0", 2);
    SESSIONS.serve(host);
    host.registerLease(sharedQueueWorker);
    Worker own = env.newWorker(host.taskQueue());
    host.registerRelease(own);
    own.registerActivitiesImplementations(new FileActivitiesImpl(host, workDir, SourcePolicy.permissive(), 0));
    env.start();
  }

  @AfterEach
  void stopOrigin() {
    http.close();
  }

  @Test
  void runsEveryStepOnTheSessionWorker(FileProcessingWorkflow workflow) throws Exception {
    FileProcessingResult result = workflow.process(
        FileProcessingRequest.of(http.url("/data.bin")).withDestination(outDir.toUri().toString()));

    String inputSha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(DATA));
    assertThat(result.worker()).isEqualTo("worker-0");
    assertThat(result.inputSha256()).isEqualTo(inputSha);
    assertThat(result.inputBytes()).isEqualTo(DATA.length);
    Path output = Path.of(URI.create(result.output()));
    assertThat(output).startsWith(outDir);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(output))))
        .isEqualTo(result.sha256());
    assertThat(result.attempts()).singleElement().satisfies(attempt -> {
      assertThat(attempt.outcome()).isEqualTo("Completed");
      assertThat(attempt.steps()).extracting(SessionStep::activity).containsExactly("Download", "Process", "Upload");
      assertThat(attempt.steps()).extracting(SessionStep::workerId).containsOnly("worker-0");
    });
    assertThat(host.openSessions()).isEmpty();
    assertThat(workDir.resolve("sessions")).isEmptyDirectory();
  }

  @Test
  void aMissingSourceFailsTheWorkflowWithTheHttpError(FileProcessingWorkflow workflow) {
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
    FileProcessingWorkflow workflow = env.getWorkflowClient().newWorkflowStub(FileProcessingWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(worker.getTaskQueue()).build());
    WorkflowFailedException e = catchThrowableOfType(WorkflowFailedException.class,
        () -> workflow.process(FileProcessingRequest.of("gopher://example.com/x")));
    ApplicationFailure cause = (ApplicationFailure) e.getCause();
    assertThat(cause.getType()).isEqualTo("InvalidRequest");
    assertThat(cause.getOriginalMessage()).contains("unsupported scheme");
  }
}
