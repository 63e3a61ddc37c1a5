package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** `locus operator` as a process: --help answers without connecting to any cluster. */
class OperatorCommandTest {
  private record Run(int exit, String stdout, String stderr) {}

  private static Run operator(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LocusOperator.class.getName()));
    command.addAll(List.of(args));
    // No cluster to reach: a kubeconfig pointing at a closed port would make a started operator fail loudly.
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("KUBECONFIG", "/nonexistent/kubeconfig");
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("finished").isTrue();
    return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes()),
        new String(p.getErrorStream().readAllBytes()));
  }

  @Test
  void helpPrintsUsageAndStartsNothing() throws Exception {
    Run r = operator("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.stdout()).startsWith("Usage: locus operator").contains("LOCUS_WATCH_NAMESPACES");
    assertThat(r.stderr()).isEmpty();
  }

  @Test
  void anUnknownArgumentIsNamed() throws Exception {
    Run r = operator("--namespace", "x");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.stderr()).startsWith("locus operator: unknown argument '--namespace'");
  }
}
