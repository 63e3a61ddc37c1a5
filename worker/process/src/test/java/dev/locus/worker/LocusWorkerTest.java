package dev.locus.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.locus.files.FileProcessingResult;
import dev.locus.files.FileProcessingWorkflow;
import dev.locus.temporal.EmbeddedTemporal;
import dev.locus.temporal.Ports;
import dev.locus.testing.TestServerQuirks;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LocusWorkerTest {
  static {
    TestServerQuirks.tolerate();
  }

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static Thread runInBackground(LocusWorker worker) {
    Thread running = new Thread(() -> {
      try {
        worker.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    running.start();
    return running;
  }

  @Test
  void waitsForAnUnreachableServerAsNotReadyThenServesAndExportsMetrics(@TempDir Path workDir) throws Exception {
    int temporalPort = Ports.free();
    int httpPort = Ports.free();
    WorkerSettings settings = CommandLine.populateCommand(new WorkerSettings(),
        "--temporal-address", "127.0.0.1:" + temporalPort, "--worker-id", "w-1", "--http-port", "" + httpPort,
        "--http-bind", "127.0.0.1", "--work-dir", workDir.toString(), "--pool", "p1", "--max-sessions", "3");
    LocusWorker worker = new LocusWorker(settings);
    Thread running = runInBackground(worker);
    try {
      await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> get(httpPort, "/healthz").statusCode() == 200);
      HttpResponse<String> notReady = get(httpPort, "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("connecting to Temporal");

      try (EmbeddedTemporal temporal = EmbeddedTemporal.start("127.0.0.1", temporalPort)) {
        await().atMost(Duration.ofSeconds(40)).until(() -> get(httpPort, "/readyz").statusCode() == 200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(httpPort, "/metrics").body())
            .contains("locus_session_slots{pool=\"p1\",worker=\"w-1\"} 3")
            .contains("locus_sessions_active{pool=\"p1\",worker=\"w-1\"} 0")
            .contains("locus_local_disk_free_bytes{pool=\"p1\",worker=\"w-1\"}")
            .contains("locus_bytes_downloaded_total{pool=\"p1\",worker=\"w-1\"} 0")
            .containsPattern("temporal_[a-z_]+\\{[^}]*pool=\"p1\"")
            .contains("jvm_memory_used_bytes"));
        worker.stop();
        running.join(30_000);
        assertThat(running.isAlive()).isFalse();
      }
    } finally {
      worker.stop();
    }
  }

  @Test
  void aSourceOutsideTheAllowlistFailsTheWorkflowAtOnceBeforeAnySessionOpens(@TempDir Path workDir)
      throws Exception {
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start("127.0.0.1", 0)) {
      WorkerSettings settings = CommandLine.populateCommand(new WorkerSettings(),
          "--temporal-address", temporal.address(), "--worker-id", "w-1", "--http-port", "0",
          "--http-bind", "127.0.0.1", "--work-dir", workDir.toString(),
          "--allowed-sources", "https://data.example.com");
      LocusWorker worker = new LocusWorker(settings);
      Thread running = runInBackground(worker);
      TemporalSettings temporalSettings = TemporalSettings.of(temporal.address());
      WorkflowServiceStubs stubs = TemporalConnection.stubs(temporalSettings, null);
      try {
        WorkflowClient client = TemporalConnection.client(stubs, temporalSettings, "test");
        WorkflowStub stub = client.newUntypedWorkflowStub(FileProcessingWorkflow.TYPE,
            WorkflowOptions.newBuilder().setTaskQueue(settings.sharedQueue)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(1)).build());
        stub.start("https://elsewhere.example.org/input.bin");
        WorkflowFailedException e = catchThrowableOfType(WorkflowFailedException.class,
            () -> stub.getResult(30, TimeUnit.SECONDS, FileProcessingResult.class));
        assertThat(e.getCause()).isInstanceOf(ApplicationFailure.class);
        ApplicationFailure cause = (ApplicationFailure) e.getCause();
        assertThat(cause.getType()).isEqualTo("InvalidRequest");
        assertThat(cause.getOriginalMessage()).contains("source refused").contains("elsewhere.example.org");
        assertThat(client.fetchHistory(stub.getExecution().getWorkflowId()).getEvents())
            .noneMatch(ev -> ev.hasActivityTaskScheduledEventAttributes());
      } finally {
        stubs.shutdown();
        worker.stop();
        running.join(30_000);
      }
    }
  }

  @Test
  void refusesToStartWithoutAWorkerId() {
    WorkerSettings settings = CommandLine.populateCommand(new WorkerSettings());
    settings.workerId = null;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LocusWorker(settings))
        .hasMessageContaining("set --worker-id or POD_NAME");
  }
}
