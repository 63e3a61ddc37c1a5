package dev.locus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.demo.ServerChoice;
import dev.locus.testing.ServerUnderTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No stop of a worker, at any moment of a session, loses a workflow: 24 stops of 3 worker JVMs (SIGKILL, SIGTERM
 * with no grace, SIGTERM with a grace longer than a step) aimed in turn at every moment of the step sequence, each
 * worker coming back under its name, on the embedded stand-in and on the real server (sticky execution on). About 2
 * minutes a server on 2 cores. The long run is bench/chaos.sh.
 */
class ChaosIT {
  private static final int STOPS = 24;

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerUnderTest.class)
  void noStopAtAnyMomentLosesAWorkflowAndEveryOutputIsVerified(ServerUnderTest server) throws Exception {
    server.assumeAvailable();
    ChaosBench.Report r = new ChaosBench(ChaosBench.Options.of(tmp.resolve("chaos"), STOPS,
        new ServerChoice.Converter().convert(server.label()))).run();

    assertThat(r.lost()).as("workflows failed, unfinished or with a wrong checksum").isEmpty();
    assertThat(r.completed()).isEqualTo(r.started());
    assertThat(r.stops()).as("stops made (a moment not reached in 20 s is skipped)").hasSizeGreaterThanOrEqualTo(20);
    assertThat(r.stops()).extracting(ChaosBench.Stop::kind).contains(ChaosBench.Kind.values());
    assertThat(r.momentsHit().keySet()).as("moments hit: %s", r.momentsHit())
        .contains("during download", "during process", "during upload");
    System.out.printf("chaos on %s: %d stops, %d workflows, moments hit %s, lost/started by kind %s%n", server, r.stops().size(),
        r.started(), r.momentsHit(), r.startedAndLostByKind().entrySet().stream()
            .map(e -> e.getKey().label + " " + e.getValue()[1] + "/" + e.getValue()[0]).toList());
  }
}
