package dev.locus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.temporal.EmbeddedTemporal;
import dev.locus.temporal.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users run it: the packaged jar and the ./locus script, in their own processes. */
class LocusScriptIT {
  private static final Path JAR = Path.of("target", "locus.jar").toAbsolutePath();
  private static final Path SCRIPT = Path.of("..", "..", "locus").toAbsolutePath().normalize();

  @TempDir Path tmp;

  record Run(int exit, String output) {}

  private Run run(Path dir, List<String> command) throws Exception {
    Path log = Files.createTempFile(tmp, "run", ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Process p = pb.start();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    assertThat(done).as("%s finished; output:%n%s", command, Files.readString(log)).isTrue();
    return new Run(p.exitValue(), Files.readString(log));
  }

  private Run locus(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return run(tmp, command);
  }

  @Test
  void everyCommandAnswersHelpWithoutStartingAnything() throws Exception {
    for (String command : List.of("demo", "worker", "dev-server", "submit", "drain")) {
      Run r = locus(command, "--help");
      assertThat(r.exit()).as(command).isZero();
      assertThat(r.output()).as(command).startsWith("Usage: locus " + command);
    }
  }

  @Test
  void submitPrintsOnlyItsOwnLinesNoLogsAndNoEscapeCodes() throws Exception {
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start("127.0.0.1", 0)) {
      Run r = locus("submit", "--temporal-address", temporal.address(), "--no-wait", "--id-prefix", "quiet",
          "https://example.com/a.bin");
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(r.output()).matches("quiet-[0-9a-f]{8}\\n");
    }
    Run unreachable = locus("submit", "--temporal-address", "127.0.0.1:" + Ports.free(), "http://x/y");
    assertThat(unreachable.exit()).isEqualTo(2);
    assertThat(unreachable.output().strip()).doesNotContain("\n").contains("not reachable");
  }

  /**
   * Two first-use runs at once: one builds, the other waits for the build and then runs what it built. Maven is a
   * stand-in here that takes a second and installs the real jar, so that the race is wide open.
   */
  @Test
  void twoFirstUseRunsAtOnceBuildOnceAndBothRun() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("checkout"));
    Files.copy(SCRIPT, root.resolve("locus"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.createDirectories(root.resolve("workflows"));
    Files.createDirectories(root.resolve("worker/cli"));
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path builds = tmp.resolve("builds.log");
    Path mvn = bin.resolve("mvn");
    Files.writeString(mvn, "#!/usr/bin/env bash\necho build >> '" + builds + "'\nsleep 1\n"
        + "mkdir -p worker/cli/target\ncp '" + JAR + "' worker/cli/target/locus.jar.tmp\n"
        + "mv worker/cli/target/locus.jar.tmp worker/cli/target/locus.jar\nprintf '\\033[0m'\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    String path = bin + ":" + System.getenv("PATH");
    List<Process> runs = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path log = tmp.resolve("first-use-" + i + ".log");
      ProcessBuilder pb = new ProcessBuilder(root.resolve("locus").toString(), "--version")
          .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("PATH", path);
      runs.add(pb.start());
      logs.add(log);
    }
    for (int i = 0; i < 2; i++) {
      assertThat(runs.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
      String output = Files.readString(logs.get(i));
      assertThat(runs.get(i).exitValue()).as(output).isZero();
      assertThat(output).contains("locus 0.1.0").doesNotContain("corrupt").doesNotContain("\u001b[");
    }
    assertThat(Files.readAllLines(builds)).hasSize(1);
  }
}
