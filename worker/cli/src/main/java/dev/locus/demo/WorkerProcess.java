package dev.locus.demo;

import dev.locus.cli.LocusCommand;
import dev.locus.launch.WorkerLaunch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/** A `locus worker` in its own JVM, started from the same jar, with its log in a file. */
public final class WorkerProcess implements AutoCloseable {
  private final String workerId;
  private final int httpPort;
  private final Process process;
  private final Path log;

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private WorkerProcess(String workerId, int httpPort, Process process, Path log) {
    this.workerId = workerId;
    this.httpPort = httpPort;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code locus worker} with {@code launch}'s settings and the given JVM options, on loopback. */
  public static WorkerProcess start(String workerId, int httpPort, Path log, List<String> jvmOptions,
      WorkerLaunch launch) throws IOException {
    return start(workerId, httpPort, log, jvmOptions, launch, List.of(LocusCommand.class.getName(), "worker"),
        System.getProperty("java.class.path"));
  }

  /** Starts {@code main} (a worker main taking the usual worker flags) on {@code classPath}. */
  public static WorkerProcess start(String workerId, int httpPort, Path log, List<String> jvmOptions,
      WorkerLaunch launch, List<String> main, String classPath) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.addAll(main);
    command.addAll(launch.workerId(workerId).http("127.0.0.1", httpPort).args());
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new WorkerProcess(workerId, httpPort, p, log);
  }

  public String workerId() {
    return workerId;
  }

  public Path log() {
    return log;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The sum of every series of metric {@code name} on this worker's /metrics whose labels include
   * {@code labels} (pairs: name, value); empty if it has no such series.
   */
  public OptionalDouble metric(String name, String... labels) throws IOException, InterruptedException {
    HttpRequest scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
        .timeout(Duration.ofSeconds(5)).build();
    String body = HTTP.send(scrape, HttpResponse.BodyHandlers.ofString()).body();
    return sumOf(body, name, labels);
  }

  static OptionalDouble sumOf(String exposition, String name, String... labels) {
    List<String> wanted = new ArrayList<>();
    for (int i = 0; i + 1 < labels.length; i += 2) {
      wanted.add(labels[i] + "=\"" + labels[i + 1] + "\"");
    }
    double sum = 0;
    boolean found = false;
    for (String line : exposition.split("\n")) {
      int space = line.lastIndexOf(' ');
      if (line.startsWith("#") || space < 0) {
        continue;
      }
      String series = line.substring(0, space);
      int brace = series.indexOf('{');
      String metric = brace < 0 ? series : series.substring(0, brace);
      String labelText = brace < 0 ? "" : series.substring(brace);
      if (metric.equals(name) && wanted.stream().allMatch(labelText::contains)) {
        sum += Double.parseDouble(line.substring(space + 1));
        found = true;
      }
    }
    return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
  }

  /** Waits for /readyz to answer 200. */
  public void awaitReady(Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
        .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("worker " + workerId + " exited with code " + process.exitValue()
            + "; see " + log);
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IllegalStateException("worker " + workerId + " not ready after " + timeout + "; see " + log);
  }

  /** kill -9. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM: the worker drains. Returns whether it exited within {@code timeout}. */
  public boolean terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive() && !terminate(Duration.ofSeconds(30))) {
      kill();
    }
  }
}
