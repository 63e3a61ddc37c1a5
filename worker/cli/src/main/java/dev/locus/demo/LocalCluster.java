package dev.locus.demo;

import dev.locus.launch.WorkerLaunch;
import dev.locus.session.TaskQueues;
import dev.locus.temporal.DevServer;
import dev.locus.temporal.Ports;
import dev.locus.worker.FileProcessingClient;
import dev.locus.worker.TemporalConnection;
import dev.locus.worker.TemporalSettings;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Temporal on loopback, worker JVMs with their folders and logs under one directory, and a client: what the demo
 * and the benchmarks run on.
 */
public final class LocalCluster implements AutoCloseable {
  public static final String SHARED_QUEUE = TaskQueues.DEFAULT_SHARED_QUEUE;
  /** The CLI server's log, next to the workers' folders and logs. */
  public static final String SERVER_LOG = "temporal-dev-server.log";

  private final Path dir;
  private final DevServer temporal;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final FileProcessingClient files;
  private final List<WorkerProcess> workers = new ArrayList<>();

  private LocalCluster(Path dir, DevServer temporal, String identity) {
    this.dir = dir;
    this.temporal = temporal;
    TemporalSettings settings = TemporalSettings.of(temporal.address());
    this.stubs = TemporalConnection.stubs(settings, null);
    this.client = TemporalConnection.client(stubs, settings, identity);
    this.files = new FileProcessingClient(client, SHARED_QUEUE, temporal.profile());
  }

  /** Starts {@code server} (with its Web UI if {@code webUi}) logging into {@code dir}; the client is {@code identity}. */
  public static LocalCluster start(ServerChoice server, Path dir, boolean webUi, String identity) throws IOException {
    Files.createDirectories(dir);
    return new LocalCluster(dir, server.start("127.0.0.1", 0, webUi, dir.resolve(SERVER_LOG)), identity);
  }

  /** Starts {@code locus worker} as {@code id}, in folder {@code <dir>/<id>}, logging to {@code <dir>/<id>.log}. */
  public WorkerProcess startWorker(String id, List<String> jvmOptions, WorkerLaunch launch) throws IOException {
    return startWorker(id, jvmOptions, launch, null);
  }

  /** As above, running {@code main} (a worker main taking the usual flags) instead of {@code locus worker}. */
  public WorkerProcess startWorker(String id, List<String> jvmOptions, WorkerLaunch launch, String main)
      throws IOException {
    Path workDir = Files.createDirectories(dir.resolve(id));
    launch.temporalAddress(temporal.address()).workDir(workDir);
    Path log = dir.resolve(id + ".log");
    WorkerProcess worker = main == null ? WorkerProcess.start(id, Ports.free(), log, jvmOptions, launch)
        : WorkerProcess.start(id, Ports.free(), log, jvmOptions, launch, List.of(main),
            System.getProperty("java.class.path"));
    workers.add(worker);
    return worker;
  }

  /** Waits until every worker started so far answers /readyz. */
  public void awaitWorkersReady(Duration timeout) throws InterruptedException {
    for (WorkerProcess w : workers) {
      w.awaitReady(timeout);
    }
  }

  /** Stops every worker at once (SIGTERM without waiting, then up to 30 s each before kill -9). */
  public void stopWorkers() throws InterruptedException {
    for (WorkerProcess w : workers) {
      if (w.isAlive()) {
        w.terminate(Duration.ZERO);
      }
    }
    for (WorkerProcess w : workers) {
      w.close();
    }
  }

  public Path dir() {
    return dir;
  }

  public DevServer temporal() {
    return temporal;
  }

  public WorkflowClient client() {
    return client;
  }

  public FileProcessingClient files() {
    return files;
  }

  /** The workers started so far, in order. */
  public List<WorkerProcess> workers() {
    return List.copyOf(workers);
  }

  @Override
  public void close() throws InterruptedException {
    try {
      stopWorkers();
    } finally {
      stubs.shutdown();
      temporal.close();
    }
  }
}
