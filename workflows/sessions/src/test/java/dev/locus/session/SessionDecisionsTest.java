package dev.locus.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure decisions: which failure ends a session and why, backoff between attempts, queue names. */
class SessionDecisionsTest {
  private static ActivityFailure activityFailure(Throwable cause) {
    return new ActivityFailure("failed", 1, 2, "T", "1", RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE, "w", cause);
  }

  private static TimeoutFailure timeout(TimeoutType type) {
    return new TimeoutFailure("timeout", null, type);
  }

  static Stream<Arguments> leaseFailures() {
    return Stream.of(
        Arguments.of(timeout(TimeoutType.TIMEOUT_TYPE_HEARTBEAT), Optional.of(SessionFailureReason.WORKER_LOST)),
        Arguments.of(timeout(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START),
            Optional.of(SessionFailureReason.CREATION_TIMED_OUT)),
        Arguments.of(timeout(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE),
            Optional.of(SessionFailureReason.EXECUTION_TIMED_OUT)),
        Arguments.of(ApplicationFailure.newNonRetryableFailure("m", "WorkerDraining"),
            Optional.of(SessionFailureReason.WORKER_DRAINING)),
        Arguments.of(ApplicationFailure.newFailure("boom", "SomethingElse"),
            Optional.of(SessionFailureReason.WORKER_LOST)),
        Arguments.of(new CanceledFailure("closed"), Optional.empty()));
  }

  @ParameterizedTest
  @MethodSource("leaseFailures")
  void aLeaseFailureEndsTheSessionWithTheRightReason(Throwable cause, Optional<SessionFailureReason> expected) {
    assertThat(SessionFailures.ofLease(activityFailure(cause))).isEqualTo(expected);
  }

  static Stream<Arguments> activityFailures() {
    return Stream.of(
        Arguments.of(ApplicationFailure.newNonRetryableFailure("m", "QueueDrained"),
            Optional.of(SessionFailureReason.QUEUE_DRAINED)),
        Arguments.of(ApplicationFailure.newNonRetryableFailure("m", "LocalDataMissing"),
            Optional.of(SessionFailureReason.LOCAL_DATA_MISSING)),
        Arguments.of(ApplicationFailure.newNonRetryableFailure("m", "LocalDiskFull"),
            Optional.of(SessionFailureReason.LOCAL_DISK_FULL)),
        Arguments.of(timeout(TimeoutType.TIMEOUT_TYPE_HEARTBEAT), Optional.of(SessionFailureReason.WORKER_LOST)),
        Arguments.of(ApplicationFailure.newNonRetryableFailure("404", "HttpClientError"), Optional.empty()),
        Arguments.of(timeout(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE), Optional.empty()));
  }

  @ParameterizedTest
  @MethodSource("activityFailures")
  void onlyWorkerSideActivityFailuresEndTheSession(Throwable cause, Optional<SessionFailureReason> expected) {
    assertThat(SessionFailures.ofActivity(activityFailure(cause))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"1, 0", "2, 0", "3, 1000", "4, 2000", "5, 4000", "9, 30000"})
  void reroutesAtOnceThenBacksOff(int attempt, long expectedMillis) {
    assertThat(RerouteOptions.defaults().backoffBefore(attempt)).isEqualTo(Duration.ofMillis(expectedMillis));
  }

  @ParameterizedTest
  @CsvSource({"file-processing-shared, pool-a-0, file-processing-shared-pool-a-0",
      "q, worker-1, q-worker-1"})
  void namesWorkerQueues(String shared, String worker, String expected) {
    assertThat(TaskQueues.workerQueue(shared, worker)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"1234@host", "'has space'", "-leading", "trailing-", "''"})
  void refusesWorkerIdsThatAreNotStableNames(String workerId) {
    assertThatThrownBy(() -> TaskQueues.workerQueue("q", workerId)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("worker id");
  }

  @ParameterizedTest
  @CsvSource({"pool, 3, file-processing-shared-pool-3"})
  void namesPodQueuesFromStatefulSetOrdinals(String pool, int ordinal, String expected) {
    assertThat(TaskQueues.podQueue("file-processing-shared", pool, ordinal)).isEqualTo(expected);
  }
}
