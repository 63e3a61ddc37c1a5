package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.demo.WorkerProcess;
import dev.locus.launch.WorkerLaunch;
import dev.locus.temporal.Ports;
import dev.locus.temporal.TemporalCliServer;
import dev.locus.testing.RealDependency;
import dev.locus.testing.ServerUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Clients in other languages start FileProcessingWorkflow by name on the real server (the CLI's dev server) and a
 * `locus worker`: the Python SDK (temporalio, the seeds' language) and the TypeScript SDK's client, each with the
 * string input, the object input and a malformed input. .ci/run installs both clients.
 */
class ForeignClientsIT {
  private static final Path CLIENTS = Path.of("src", "test", "clients").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  private static TemporalCliServer temporal;
  private static WorkerProcess worker;
  private static Path input;
  private static String inputSha256;

  @BeforeAll
  static void startServerAndWorker() throws Exception {
    ServerUnderTest.TEMPORAL_CLI.assumeAvailable();
    temporal = TemporalCliServer.start("127.0.0.1", 0, false, tmp.resolve("temporal.log"));
    worker = WorkerProcess.start("foreign-0", Ports.free(), tmp.resolve("worker.log"), List.of("-Xmx256m"),
        new WorkerLaunch().temporalAddress(temporal.address()).workDir(tmp.resolve("work")));
    worker.awaitReady(Duration.ofSeconds(60));
    byte[] bytes = "data-local work, started from another language\n".repeat(20_000).getBytes();
    input = Files.write(tmp.resolve("input.bin"), bytes);
    inputSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @AfterAll
  static void stop() throws Exception {
    if (worker != null) {
      worker.close();
    }
    if (temporal != null) {
      temporal.close();
    }
  }

  static Stream<Arguments> clients() {
    return Stream.of(Arguments.of("python"), Arguments.of("typescript"));
  }

  private static JsonNode start(String client, Object workflowInput) throws Exception {
    List<String> command = switch (client) {
      case "python" -> {
        RealDependency.require(run(List.of("python3", "-c", "import temporalio"), 60).exit == 0,
            "the Python SDK (temporalio)", "pip install temporalio==1.35.0; .ci/run installs it");
        yield List.of("python3", CLIENTS.resolve("python/start_workflow.py").toString());
      }
      case "typescript" -> {
        RealDependency.require(Files.isDirectory(CLIENTS.resolve("typescript/node_modules/@temporalio/client")),
            "the TypeScript SDK's client (@temporalio/client)",
            "npm ci in worker/cli/src/test/clients/typescript; .ci/run does it");
        yield List.of("node", CLIENTS.resolve("typescript/start-workflow.mjs").toString());
      }
      default -> throw new IllegalArgumentException(client);
    };
    List<String> full = new java.util.ArrayList<>(command);
    full.addAll(List.of(temporal.address(), client + "-" + UUID.randomUUID(), JSON.writeValueAsString(workflowInput)));
    Run r = run(full, 120);
    assertThat(r.exit).as("%s client output:%n%s", client, r.output).isZero();
    String last = r.output.strip().lines().reduce((a, b) -> b).orElse("");
    System.out.printf("FOREIGN CLIENT %s %s -> %s%n", client, JSON.writeValueAsString(workflowInput), last);
    return JSON.readTree(last);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void theStringInputRuns(String client) throws Exception {
    JsonNode r = start(client, input.toUri().toString());

    assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("COMPLETED");
    assertThat(r.get("result").get("worker").asText()).isEqualTo("foreign-0");
    assertThat(r.get("result").get("inputSha256").asText()).isEqualTo(inputSha256);
    assertThat(r.get("result").get("output").asText()).endsWith(".gz");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void theObjectInputRuns(String client) throws Exception {
    JsonNode r = start(client, java.util.Map.of("source", input.toUri().toString(), "transform", "identity"));

    assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("COMPLETED");
    assertThat(r.get("result").get("sha256").asText()).as("identity: output = input").isEqualTo(inputSha256);
    assertThat(Path.of(java.net.URI.create(r.get("result").get("output").asText()))).exists();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void aMalformedInputFailsAtOnceWithInvalidRequest(String client) throws Exception {
    long start = System.nanoTime();
    JsonNode r = start(client, java.util.Map.of("url", input.toUri().toString()));

    assertThat(r.get("status").asText()).isEqualTo("FAILED");
    assertThat(r.get("type").asText()).isEqualTo("InvalidRequest");
    assertThat(r.get("nonRetryable").asBoolean()).isTrue();
    assertThat(r.get("message").asText()).contains("unknown field(s) [url]");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no workflow-task retries").isLessThan(
        Duration.ofSeconds(30));
  }

  private record Run(int exit, String output) {}

  private static Run run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    Path out = Files.createTempFile(tmp, "client", ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Run(-1, "timed out after " + timeoutSeconds + " s: " + Files.readString(out));
    }
    return new Run(p.exitValue(), Files.readString(out));
  }
}
