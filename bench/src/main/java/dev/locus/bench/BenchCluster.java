package dev.locus.bench;

import dev.locus.temporal.Ports;
import dev.locus.demo.WorkerProcess;
import dev.locus.files.FileProcessingRequest;
import dev.locus.launch.WorkerLaunch;
import dev.locus.files.FileProcessingResult;
import dev.locus.temporal.DevServer;
import dev.locus.demo.ServerChoice;
import dev.locus.worker.FileProcessingClient;
import dev.locus.worker.TemporalConnection;
import dev.locus.worker.TemporalSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Temporal on loopback (the embedded stand-in or the CLI's real dev server), real worker JVMs (BenchWorkerMain) and a
 * client: what every benchmark needs.
 */
final class BenchCluster implements AutoCloseable {
  static final String SHARED_QUEUE = "file-processing-shared";

  final Path dir;
  final DevServer temporal;
  final WorkflowServiceStubs stubs;
  final WorkflowClient client;
  final FileProcessingClient files;
  final List<WorkerProcess> workers = new ArrayList<>();

  BenchCluster(Path dir, ServerChoice server) throws IOException {
    this.dir = clean(dir.toAbsolutePath().normalize());
    temporal = server.start("127.0.0.1", 0, false, this.dir.resolve("temporal-dev-server.log"));
    TemporalSettings settings = TemporalSettings.of(temporal.address());
    stubs = TemporalConnection.stubs(settings, null);
    client = TemporalConnection.client(stubs, settings, "locus-bench");
    files = new FileProcessingClient(client, SHARED_QUEUE, temporal.profile());
  }

  WorkerProcess startWorker(String id, int maxSessions, List<String> jvmOptions) throws IOException {
    return startWorker(id, maxSessions, jvmOptions, Duration.ZERO);
  }

  WorkerProcess startWorker(String id, int maxSessions, List<String> jvmOptions, Duration drainGrace)
      throws IOException {
    WorkerLaunch launch = new WorkerLaunch().temporalAddress(temporal.address()).workDir(dir.resolve(id))
        .maxSessions(maxSessions).allowedSources("http://127.0.0.1:*,file://" + dir).pool("bench")
        .drainGrace(drainGrace);
    WorkerProcess w = WorkerProcess.start(id, Ports.free(), dir.resolve(id + ".log"), jvmOptions, launch,
        List.of(BenchWorkerMain.class.getName()), System.getProperty("java.class.path"));
    workers.add(w);
    return w;
  }

  void startWorkers(int n, int maxSessions) throws IOException, InterruptedException {
    for (int i = 1; i <= n; i++) {
      startWorker("worker-" + i, maxSessions, List.of("-Xmx512m"));
    }
    for (WorkerProcess w : workers) {
      w.awaitReady(Duration.ofSeconds(90));
    }
  }

  CompletableFuture<FileProcessingResult> locus(String id, FileProcessingRequest request) {
    files.start(id, request);
    return files.result(id);
  }

  CompletableFuture<List<String>> baseline(String id, String mode, String key, String source, String storage,
      String destination) {
    BaselineWorkflow wf = client.newWorkflowStub(BaselineWorkflow.class,
        temporal.profile().apply(WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(SHARED_QUEUE)).build());
    return WorkflowClient.execute(wf::run, mode, key, source, storage, destination);
  }


  private static Path clean(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> tree = Files.walk(dir)) {
        for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  @Override
  public void close() throws InterruptedException {
    for (WorkerProcess w : workers) {
      if (w.isAlive()) {
        w.terminate(Duration.ZERO);
      }
    }
    for (WorkerProcess w : workers) {
      w.close();
    }
    stubs.shutdown();
    temporal.close();
  }
}
