package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.demo.WorkerProcess;
import dev.locus.launch.WorkerLaunch;
import dev.locus.temporal.EmbeddedTemporal;
import dev.locus.temporal.Ports;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** submit, drain and the error paths of the command line against a real server and a worker JVM. */
class CliIT {
  @TempDir static Path tmp;
  private static EmbeddedTemporal temporal;
  private static WorkerProcess worker;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void startServerAndWorker() throws Exception {
    temporal = EmbeddedTemporal.start("127.0.0.1", 0);
    worker = WorkerProcess.start("cli-worker-0", Ports.free(), tmp.resolve("worker.log"),
        List.of("-Xmx256m"), new WorkerLaunch().temporalAddress(temporal.address()).workDir(tmp.resolve("work")));
    worker.awaitReady(Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() throws Exception {
    worker.close();
    temporal.close();
  }

  private static Run locus(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Locus.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void submitPrintsALinePerWorkflowAndFailsIfAnyFailed() throws Exception {
    Path input = Files.write(tmp.resolve("input.txt"), "hello locus\n".repeat(1000).getBytes());
    Path outDir = Files.createDirectories(tmp.resolve("out"));
    Run ok = locus("submit", "--temporal-address", temporal.address(), "--destination", outDir.toUri().toString(),
        input.toUri().toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out().strip().split("\t"))
        .satisfies(cols -> assertThat(cols[1]).isEqualTo("COMPLETED"))
        .satisfies(cols -> assertThat(cols[2]).isEqualTo("cli-worker-0"))
        .satisfies(cols -> assertThat(cols[3]).startsWith(outDir.toUri().toString()))
        .satisfies(cols -> assertThat(cols[4]).hasSize(64));

    Run bad = locus("submit", "--temporal-address", temporal.address(), "file:///does/not/exist.bin");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).contains("FAILED", "NotFound", "/does/not/exist.bin");
  }

  @Test
  void noWaitPrintsIdsOnly() {
    Run r = locus("submit", "--temporal-address", temporal.address(), "--no-wait", "--id-prefix", "nw",
        tmp.toUri() + "nothing");
    assertThat(r.exit()).isZero();
    assertThat(r.out().strip()).matches("nw-[0-9a-f]{8}");
  }

  @Test
  void anUnreachableServerIsAClearError() {
    Run r = locus("submit", "--temporal-address", "127.0.0.1:" + Ports.free(), "http://x/y");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("not reachable", "TEMPORAL_ADDRESS");
  }

  @Test
  void drainReportsWhatItDrained() {
    Run r = locus("drain", "--temporal-address", temporal.address(), "--queue", "file-processing-shared-gone-7",
        "--duration", "1s");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("drained 0 task(s) from file-processing-shared-gone-7");
  }

  @Test
  void badFlagsAreNamed() {
    assertThat(locus("demo", "--size", "lots").err()).contains("'lots' is not a size");
    assertThat(locus("drain", "--duration", "soon", "--queue", "q").err()).contains("'soon' is not a duration");
    Run noId = locus("worker", "--temporal-address", temporal.address());
    assertThat(noId.exit()).isEqualTo(2);
    assertThat(noId.err()).contains("set --worker-id or POD_NAME");
  }
}
