package dev.locus.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.testing.LocalTemporal;
import dev.locus.testing.ServerUnderTest;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServerProfileTest {
  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerUnderTest.class)
  void eachServerIsRecognisedForWhatItIs(ServerUnderTest server) {
    try (LocalTemporal temporal = new LocalTemporal(server)) {
      ServerProfile detected = ServerProfile.detect(temporal.client().getWorkflowServiceStubs());

      assertThat(detected).isEqualTo(server == ServerUnderTest.EMBEDDED ? ServerProfile.EMBEDDED : ServerProfile.REAL);
      assertThat(detected.stickyExecution()).isEqualTo(server == ServerUnderTest.TEMPORAL_CLI);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerProfile.class)
  void onlyTheEmbeddedStandInGetsAShortWorkflowTaskTimeout(ServerProfile profile) {
    WorkflowOptions options = profile.apply(WorkflowOptions.newBuilder().setTaskQueue("q")).build();

    assertThat(options.getWorkflowTaskTimeout())
        .isEqualTo(profile == ServerProfile.EMBEDDED ? Duration.ofSeconds(2) : null);
  }
}
