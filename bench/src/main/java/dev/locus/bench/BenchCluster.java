package dev.locus.bench;

import dev.locus.demo.LocalCluster;
import dev.locus.demo.ServerChoice;
import dev.locus.demo.WorkerProcess;
import dev.locus.files.FileProcessingRequest;
import dev.locus.files.FileProcessingResult;
import dev.locus.files.Folders;
import dev.locus.launch.WorkerLaunch;
import dev.locus.worker.FileProcessingClient;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The demo's local cluster with the benchmarks' worker (BenchWorkerMain, which also serves the baselines) and
 * their two kinds of workflow.
 */
final class BenchCluster implements AutoCloseable {
  static final String SHARED_QUEUE = LocalCluster.SHARED_QUEUE;

  private final LocalCluster cluster;
  final WorkflowClient client;
  final FileProcessingClient files;
  /** The workers started so far; a benchmark removes one it killed before starting it again. */
  final List<WorkerProcess> workers = new ArrayList<>();

  BenchCluster(Path dir, ServerChoice server) throws IOException {
    Path clean = dir.toAbsolutePath().normalize();
    Folders.deleteTree(clean);
    cluster = LocalCluster.start(server, clean, false, "locus-bench");
    client = cluster.client();
    files = cluster.files();
  }

  WorkerProcess startWorker(String id, int maxSessions, List<String> jvmOptions) throws IOException {
    return startWorker(id, maxSessions, jvmOptions, Duration.ZERO);
  }

  WorkerProcess startWorker(String id, int maxSessions, List<String> jvmOptions, Duration drainGrace)
      throws IOException {
    return startWorker(id, maxSessions, jvmOptions, drainGrace, Duration.ZERO);
  }

  /** @param keepSessionsFor how long the worker keeps sessions across a restart; zero: never */
  WorkerProcess startWorker(String id, int maxSessions, List<String> jvmOptions, Duration drainGrace,
      Duration keepSessionsFor) throws IOException {
    WorkerLaunch launch = new WorkerLaunch().maxSessions(maxSessions)
        .allowedSources("http://127.0.0.1:*,file://" + cluster.dir()).pool("bench").drainGrace(drainGrace);
    if (!keepSessionsFor.isZero()) {
      launch.keepSessionsFor(keepSessionsFor);
    }
    WorkerProcess w = cluster.startWorker(id, jvmOptions, launch, BenchWorkerMain.class.getName());
    workers.add(w);
    return w;
  }

  void startWorkers(int n, int maxSessions) throws IOException, InterruptedException {
    for (int i = 1; i <= n; i++) {
      startWorker("worker-" + i, maxSessions, List.of("-Xmx512m"));
    }
    cluster.awaitWorkersReady(Duration.ofSeconds(90));
  }

  CompletableFuture<FileProcessingResult> locus(String id, FileProcessingRequest request) {
    files.start(id, request);
    return files.result(id);
  }

  CompletableFuture<List<String>> baseline(String id, String mode, String key, String source, String storage,
      String destination) {
    BaselineWorkflow wf = client.newWorkflowStub(BaselineWorkflow.class, cluster.temporal().profile()
        .apply(WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(SHARED_QUEUE)).build());
    return WorkflowClient.execute(wf::run, mode, key, source, storage, destination);
  }

  @Override
  public void close() throws InterruptedException {
    cluster.close();
  }
}
