package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.testing.ServerUnderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * `locus demo` as users run it, from the packaged jar: 3 worker JVMs, real gRPC, real SIGKILL and SIGTERM, every
 * output checked by the demo against what the origin served and received; on the embedded stand-in and on the real
 * server (the Temporal CLI's dev server, sticky execution on).
 */
class DemoIT {
  private static final long HEARTBEAT_TIMEOUT_MS = 3000;

  /** ServerProfile's short timeout on the stand-in; Temporal's default on the real server. */
  private static long workflowTaskTimeoutMs(ServerUnderTest server) {
    return server == ServerUnderTest.EMBEDDED ? 2000 : 10_000;
  }

  @TempDir Path tmp;

  private JsonNode demo(ServerUnderTest server, String... extra) throws Exception {
    server.assumeAvailable();
    Path report = tmp.resolve("report.json");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        Path.of("target", "locus.jar").toAbsolutePath().toString(), "demo", "--server", server.label(),
        "--workers", "3", "--files", "12",
        "--no-progress", "--dir", tmp.resolve("demo_fs").toString(), "--report", report.toString()));
    command.addAll(List.of(extra));
    if (!command.contains("--size")) {
      command.addAll(List.of("--size", "8MiB"));
    }
    Path log = tmp.resolve("demo.log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = p.waitFor(4, TimeUnit.MINUTES);
    if (!finished) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    assertThat(finished && p.exitValue() == 0).as("demo finished with exit code 0; output:%n%s%nworker logs:%n%s",
        Files.readString(log), workerLogs()).isTrue();
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.get("server").asText()).isEqualTo(server.label());
    return json;
  }

  private String workerLogs() throws java.io.IOException {
    StringBuilder logs = new StringBuilder();
    try (var files = Files.list(tmp.resolve("demo_fs"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        List<String> lines = Files.readAllLines(f);
        logs.append("== ").append(f.getFileName()).append('\n')
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()))).append('\n');
      }
    }
    return logs.toString();
  }

  private String allWorkerLogs() throws java.io.IOException {
    StringBuilder logs = new StringBuilder();
    try (var files = Files.list(tmp.resolve("demo_fs"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().matches("worker-\\d+\\.log")).toList()) {
        logs.append(Files.readString(f));
      }
    }
    return logs.toString();
  }

  private static void assertEveryWorkflowVerifiedOnOneWorker(JsonNode report) {
    assertThat(report.get("workflows")).hasSize(12);
    for (JsonNode w : report.get("workflows")) {
      assertThat(w.get("status").asText()).as(w.toString()).isEqualTo("COMPLETED");
      assertThat(w.get("checksum").asText()).hasSize(64);
      List<String> stepWorkers = new ArrayList<>();
      w.get("steps").forEach(s -> stepWorkers.add(s.get("worker").asText()));
      assertThat(stepWorkers).as("steps of %s", w.get("id")).hasSize(3).containsOnly(w.get("worker").asText());
    }
  }

  private static Set<String> workersThatTookSessions(JsonNode report) {
    Set<String> workers = new HashSet<>();
    report.get("workflows").forEach(w -> w.get("attemptsDetail").forEach(a -> workers.add(a.get("worker").asText())));
    return workers;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerUnderTest.class)
  void aKilledWorkersSessionsFailOverAndEveryOutputIsCorrect(ServerUnderTest server) throws Exception {
    // Files large enough that work is still ahead at 2 s: 8 MiB ones may all be done by then on a fast run.
    JsonNode report = demo(server, "--kill-worker-after", "2s", "--size", "24MiB");

    assertEveryWorkflowVerifiedOnOneWorker(report);
    assertThat(workersThatTookSessions(report)).containsExactlyInAnyOrder("worker-1", "worker-2", "worker-3");
    String killed = report.get("settings").get("killedWorker").asText();
    assertThat(report.get("failovers")).isNotEmpty().allSatisfy(f -> {
      assertThat(f.get("fromWorker").asText()).isEqualTo(killed);
      assertThat(f.get("toWorker").asText()).isNotEqualTo(killed);
      assertThat(f.get("reason").asText()).isEqualTo("WorkerLost");
      // A worker killed while it held the workflow's task also holds the workflow up until that task times out.
      long waitedFor = f.get("workflowTaskTimedOut").asBoolean()
          ? Math.max(HEARTBEAT_TIMEOUT_MS, workflowTaskTimeoutMs(server)) : HEARTBEAT_TIMEOUT_MS;
      assertThat(f.get("detectedAfterMs").asLong()).isBetween(0L, waitedFor + 1500);
    });
    assertThat(report.get("originBytesServed").asLong()).isGreaterThanOrEqualTo(report.get("inputBytes").asLong());
    assertThat(allWorkerLogs()).as("the surviving workers' logs")
        .contains("polling").doesNotContain("was never accessed");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerUnderTest.class)
  void aTerminatedWorkerDrainsAndItsSessionsMoveWithoutWaitingForATimeout(ServerUnderTest server) throws Exception {
    // Files large enough that the stopped worker's sessions are still far from done when it drains.
    JsonNode report = demo(server, "--terminate-worker-after", "2s", "--drain-grace", "0s", "--size", "24MiB");

    assertEveryWorkflowVerifiedOnOneWorker(report);
    String terminated = report.get("settings").get("killedWorker").asText();
    assertThat(report.get("failovers")).isNotEmpty().allSatisfy(f -> {
      assertThat(f.get("fromWorker").asText()).isEqualTo(terminated);
      assertThat(f.get("reason").asText()).isEqualTo("WorkerDraining");
      // Well below the heartbeat timeout: the drain told the workflow, nobody waited for a timeout.
      assertThat(f.get("detectedAfterMs").asLong()).isBetween(0L, HEARTBEAT_TIMEOUT_MS - 1000);
    });
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerUnderTest.class)
  void aRestartedWorkerResumesItsSessionsWithoutRunningTheirDoneStepsAgain(ServerUnderTest server) throws Exception {
    JsonNode report = demo(server, "--restart-worker-after", "2s", "--size", "24MiB");

    assertThat(report.get("workflows")).hasSize(12).allSatisfy(w ->
        assertThat(w.get("status").asText()).as(w.toString()).isEqualTo("COMPLETED"));
    String restarted = report.get("settings").get("killedWorker").asText();
    assertThat(report.get("resumed")).as("sessions resumed on %s", restarted).isNotEmpty().allSatisfy(r -> {
      assertThat(r.get("worker").asText()).isEqualTo(restarted);
      assertThat(r.get("stepsNotRunAgain").get(0).asText()).isEqualTo("Download");
    });
    assertThat(report.get("failovers")).isNotEmpty().allSatisfy(f -> {
      assertThat(f.get("fromWorker").asText()).isEqualTo(restarted);
      assertThat(f.get("reason").asText()).isEqualTo("WorkerLost");
    });
    for (JsonNode w : report.get("workflows")) {
      JsonNode last = w.get("attemptsDetail").get(w.get("attemptsDetail").size() - 1);
      if (report.get("resumed").findValuesAsText("workflow").contains(w.get("id").asText())) {
        assertThat(last.get("worker").asText()).as("resumed where its data is").isEqualTo(restarted);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerUnderTest.class)
  void withoutDisruptionEveryByteIsFetchedOnceAndWorkIsSpread(ServerUnderTest server) throws Exception {
    JsonNode report = demo(server);

    assertEveryWorkflowVerifiedOnOneWorker(report);
    assertThat(report.get("failovers")).isEmpty();
    assertThat(report.get("originBytesServed").asLong()).isEqualTo(report.get("inputBytes").asLong());
    assertThat(workersThatTookSessions(report)).containsExactlyInAnyOrder("worker-1", "worker-2", "worker-3");
    assertThat(report.get("settings").get("sessionHeartbeatTimeoutMs").asLong()).isEqualTo(HEARTBEAT_TIMEOUT_MS);
    if (server == ServerUnderTest.TEMPORAL_CLI) {
      assertThat(report.get("webUi").asText()).startsWith("http://127.0.0.1:");
      report.get("workflows").forEach(w -> assertThat(w.get("webUi").asText())
          .isEqualTo(report.get("webUi").asText() + "/namespaces/default/workflows/" + w.get("id").asText()));
    } else {
      assertThat(report.get("webUi").isNull()).isTrue();
    }
  }
}
