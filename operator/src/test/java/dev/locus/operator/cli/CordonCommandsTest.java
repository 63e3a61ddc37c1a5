package dev.locus.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** locus cordon / uncordon on a worker outside Kubernetes (its --cordon-file), and their input checks. */
class CordonCommandsTest {
  @TempDir Path tmp;

  record Run(int exit, String out, String err) {}

  static Run run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Run run(String... args) {
    return run(CordonCommands.commandLine(() -> {
      throw new AssertionError("no Kubernetes client for a cordon file");
    }), args);
  }

  @Test
  void theFileSaysWhatTheWorkerReads() throws Exception {
    Path file = tmp.resolve("cordon");
    Run cordon = run("cordon", "--file", file.toString());
    assertThat(cordon.exit()).as(cordon.err()).isZero();
    assertThat(Files.readString(file).strip()).isEqualTo("true");
    assertThat(cordon.out()).contains("takes no new sessions");

    Run uncordon = run("uncordon", "--file", file.toString());
    assertThat(uncordon.exit()).isZero();
    assertThat(Files.readString(file).strip()).isEqualTo("false");
    assertThat(tmp.toFile().list()).as("no temporary file left").containsExactly("cordon");
  }

  @Test
  void aFileInAMissingFolderIsRefused() {
    Run r = run("cordon", "--file", tmp.resolve("nowhere/cordon").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("locus cordon: ").contains("nowhere").contains("no such directory");
  }

  @Test
  void anUnreachableApiServerIsNamed() {
    Run r = run(CordonCommands.commandLine(() -> new KubernetesClientBuilder().withConfig(new ConfigBuilder()
        .withMasterUrl("https://127.0.0.1:1").withRequestRetryBackoffLimit(0).build()).build()),
        "cordon", "-n", "ns", "files-0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).startsWith("locus cordon: cannot reach the Kubernetes API (").containsIgnoringCase("connect")
        .contains("KUBECONFIG");
  }

  @Test
  void podsOrAFileNotBothNorNeither() {
    Run both = run("cordon", "--file", tmp.resolve("c").toString(), "files-0");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("Unmatched argument").contains("(POD... | --file=PATH)");
    Run neither = run("uncordon");
    assertThat(neither.exit()).isEqualTo(2);
    assertThat(neither.err()).contains("Missing required argument");
    assertThat(Files.exists(tmp.resolve("c"))).isFalse();
  }
}
