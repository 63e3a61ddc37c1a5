package dev.locus.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestServerQuirksTest {
  @Test
  void onlyTheTestServersClosedCallAnswerIsTolerated() {
    IllegalStateException fromTestServer = new IllegalStateException("call already closed");
    fromTestServer.setStackTrace(new StackTraceElement[] {
        new StackTraceElement("io.grpc.internal.ServerCallImpl", "close", null, 1),
        new StackTraceElement("io.temporal.internal.testservice.TestWorkflowService", "lambda$0", null, 2)});
    IllegalStateException elsewhere = new IllegalStateException("call already closed");
    elsewhere.setStackTrace(new StackTraceElement[] {new StackTraceElement("dev.locus.session.SessionHost", "x", null, 1)});

    assertThat(TestServerQuirks.isClosedCallAnswer(fromTestServer)).isTrue();
    assertThat(TestServerQuirks.isClosedCallAnswer(elsewhere)).isFalse();
    assertThat(TestServerQuirks.isClosedCallAnswer(new IllegalStateException("other"))).isFalse();
  }
}
