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
import java.util.Set;
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

  private static final SessionFailureReason DISK_FULL = SessionFailureReason.declare("LocalDiskFull", "DiskFull");
  private static final SessionFailures CURRENT = new SessionFailures(Set.of(DISK_FULL), false);
  private static final SessionFailures LEGACY = new SessionFailures(Set.of(DISK_FULL), true);

  static Stream<Arguments> leaseFailures() {
    return Stream.of(
        Arguments.of(timeout(TimeoutType.TIMEOUT_TYPE_HEARTBEAT), Optional.of(SessionFailureReason.WORKER_LOST)),
        Arguments.of(timeout(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START),
            Optional.of(SessionFailureReason.CREATION_TIMED_OUT)),
        Arguments.of(timeout(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE),
            Optional.of(SessionFailureReason.EXECUTION_TIMED_OUT)),
        Arguments.of(ApplicationFailure.newNonRetryableFailure("m", "locus.WorkerDraining"),
            Optional.of(SessionFailureReason.WORKER_DRAINING)),
        Arguments.of(ApplicationFailure.newFailure("boom", "SomethingElse"),
            Optional.of(SessionFailureReason.WORKER_LOST)),
        Arguments.of(new CanceledFailure("closed"), Optional.empty()));
  }

  @ParameterizedTest
  @MethodSource("leaseFailures")
  void aLeaseFailureEndsTheSessionWithTheRightReason(Throwable cause, Optional<SessionFailureReason> expected) {
    assertThat(CURRENT.ofLease(activityFailure(cause))).isEqualTo(expected);
  }

  static Stream<Arguments> activityFailures() {
    return Stream.of(
        Arguments.of(ApplicationFailure.newNonRetryableFailure("m", "locus.QueueDrained"),
            Optional.of(SessionFailureReason.QUEUE_DRAINED), Optional.of(SessionFailureReason.QUEUE_DRAINED)),
        Arguments.of(ApplicationFailure.newNonRetryableFailure("m", "locus.LocalDataMissing"),
            Optional.of(SessionFailureReason.LOCAL_DATA_MISSING),
            Optional.of(SessionFailureReason.LOCAL_DATA_MISSING)),
        // a user's own failure named like a library reason is the work's failure, except in runs from before 0.2
        Arguments.of(ApplicationFailure.newNonRetryableFailure("m", "WorkerLost"),
            Optional.empty(), Optional.of(SessionFailureReason.WORKER_LOST)),
        Arguments.of(ApplicationFailure.newNonRetryableFailure("m", "DiskFull"),
            Optional.of(DISK_FULL), Optional.of(DISK_FULL)),
        Arguments.of(ApplicationFailure.newNonRetryableFailure("m", "LocalDiskFull"), Optional.empty(),
            Optional.empty()),
        Arguments.of(timeout(TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START),
            Optional.of(SessionFailureReason.WORKER_LOST), Optional.of(SessionFailureReason.WORKER_LOST)),
        // the activity's own heartbeat timeout is its own business: a lost worker is the lease's to detect
        Arguments.of(timeout(TimeoutType.TIMEOUT_TYPE_HEARTBEAT), Optional.empty(), Optional.empty()),
        Arguments.of(ApplicationFailure.newNonRetryableFailure("404", "HttpClientError"), Optional.empty(),
            Optional.empty()),
        Arguments.of(timeout(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE), Optional.empty(), Optional.empty()));
  }

  @ParameterizedTest
  @MethodSource("activityFailures")
  void onlyWorkerSideActivityFailuresEndTheSession(Throwable cause, Optional<SessionFailureReason> current,
      Optional<SessionFailureReason> legacy) {
    assertThat(CURRENT.ofActivity(activityFailure(cause))).isEqualTo(current);
    assertThat(LEGACY.ofActivity(activityFailure(cause))).isEqualTo(legacy);
  }

  @ParameterizedTest
  @CsvSource({"WorkerLost, locus.WorkerLost", "QueueDrained, locus.QueueDrained"})
  void libraryFailureTypesAreNamespaced(String type, String failureType) {
    assertThat(SessionFailureReason.LIBRARY).contains(new SessionFailureReason(type, failureType));
    assertThatThrownBy(() -> SessionFailureReason.declare(type, failureType))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("library");
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
  @CsvSource({"file-processing-shared, pool-a-0", "q, worker-1"})
  void theLeaseQueueIsNoWorkersQueue(String shared, String worker) {
    assertThat(TaskQueues.leaseQueue(shared)).isEqualTo(shared + "@sessions")
        .isNotEqualTo(TaskQueues.workerQueue(shared, worker));
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
