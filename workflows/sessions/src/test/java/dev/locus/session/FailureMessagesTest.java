package dev.locus.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FailureMessagesTest {
  private static ActivityFailure activity(Throwable cause) {
    return new ActivityFailure("Activity task failed", 5, 6, "Download", "1", RetryState.RETRY_STATE_TIMEOUT,
        "worker-1", cause);
  }

  @Test
  void theInnermostApplicationFailureWithItsType() {
    ApplicationFailure notFound = ApplicationFailure.newNonRetryableFailure("GET http://x/a: 404", "HttpClientError");
    assertThat(FailureMessages.describe(new ExecutionException(new CompletionException(activity(notFound)))))
        .isEqualTo("HttpClientError: GET http://x/a: 404");
  }

  @Test
  void aTimeoutSaysWhichOne() {
    TimeoutFailure timeout = new TimeoutFailure("timed out", null, TimeoutType.TIMEOUT_TYPE_HEARTBEAT);
    assertThat(FailureMessages.describe(activity(timeout))).isEqualTo("activity heartbeat timeout");
  }

  @Test
  void anyOtherExceptionByItsMessageOrItsName() {
    assertThat(FailureMessages.describe(new IllegalStateException("broken"))).isEqualTo("broken");
    assertThat(FailureMessages.describe(new ExecutionException(new NullPointerException())))
        .isEqualTo("java.lang.NullPointerException");
  }
}
