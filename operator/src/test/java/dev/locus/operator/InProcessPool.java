package dev.locus.operator;

import dev.locus.temporal.Ports;
import dev.locus.worker.LocusWorker;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A pool's workers, running in this JVM while the real API server and controllers manage their pods (there is no
 * kubelet here). It does for them what the kubelet does in a cluster: it copies each pod's cordon annotation into its
 * worker's cordon file, as a downward-API volume does, and it stops a worker (SIGTERM: it drains) once its pod is
 * being deleted.
 */
final class InProcessPool implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final String pool;
  private final Path dir;
  private final int size;
  private final Map<Integer, LocusWorker> workers = new ConcurrentHashMap<>();
  private final ScheduledExecutorService kubelet = Executors.newScheduledThreadPool(2);
  private volatile String[] startAs;

  /** For the pool's ordinals 0 to {@code size - 1}. */
  InProcessPool(KubernetesClient client, String namespace, String pool, int size, Path dir) {
    this.client = client;
    this.namespace = namespace;
    this.pool = pool;
    this.size = size;
    this.dir = dir;
    kubelet.scheduleWithFixedDelay(this::sync, 200, 200, TimeUnit.MILLISECONDS);
  }

  /**
   * From now on, starts a worker for each of the pool's pods that has none, as a kubelet starts a new pod's container:
   * the pool's own scale-ups get workers.
   */
  void startWorkersForNewPods(String temporalAddress, String... flags) {
    startAs = Stream.concat(Stream.of(temporalAddress), Arrays.stream(flags)).toArray(String[]::new);
  }

  /** Starts worker {@code <pool>-<ordinal>} against {@code temporalAddress}, with its cordon file in place. */
  LocusWorker start(String temporalAddress, int ordinal, String... flags) {
    copyCordon(ordinal, client.pods().inNamespace(namespace).withName(pool + "-" + ordinal).get());
    String id = pool + "-" + ordinal;
    String[] all = Stream.concat(Stream.of("--work-dir", dir.resolve(id).toString(), "--pool", pool,
        "--cordon-file", cordonFile(ordinal).toString()), Arrays.stream(flags)).toArray(String[]::new);
    LocusWorker worker = InProcessLocusWorker.start(temporalAddress, id, Ports.free(), all);
    workers.put(ordinal, worker);
    return worker;
  }

  /** Whether each of workers 0 to {@code workers - 1} has a session folder: a session open on every one. */
  boolean everyWorkerHoldsASession(int workers) throws IOException {
    for (int ordinal = 0; ordinal < workers; ordinal++) {
      Path sessions = dir.resolve(pool + "-" + ordinal).resolve("sessions");
      if (!Files.isDirectory(sessions)) {
        return false;
      }
      try (var folders = Files.list(sessions)) {
        if (folders.findAny().isEmpty()) {
          return false;
        }
      }
    }
    return true;
  }

  private Path cordonFile(int ordinal) {
    return dir.resolve(pool + "-" + ordinal + ".cordon");
  }

  private void copyCordon(int ordinal, Pod pod) {
    Map<String, String> annotations = pod == null ? null : pod.getMetadata().getAnnotations();
    try {
      Files.writeString(cordonFile(ordinal),
          annotations == null ? "" : annotations.getOrDefault(PoolLabels.CORDON, ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void sync() {
    for (int ordinal = 0; ordinal < size; ordinal++) {
      Pod pod = client.pods().inNamespace(namespace).withName(pool + "-" + ordinal).get();
      copyCordon(ordinal, pod);
      boolean running = pod != null && pod.getMetadata().getDeletionTimestamp() == null;
      LocusWorker worker = workers.get(ordinal);
      if (worker != null && !running && workers.remove(ordinal, worker)) {
        kubelet.execute(worker::stop);
      }
      String[] as = startAs;
      if (worker == null && running && as != null) {
        start(as[0], ordinal, Arrays.copyOfRange(as, 1, as.length));
      }
    }
  }

  @Override
  public void close() {
    kubelet.shutdownNow();
    workers.values().forEach(LocusWorker::stop);
  }
}
