package dev.locus.session;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

@WorkflowInterface
public interface ProbeWorkflow {
  /**
   * @param workMillis length of the activity run in the session
   * @param idleMillis then the session stays open this long with nothing running
   * @param reroute use runWithReroute; otherwise one session, and a failure is returned, not thrown
   */
  record Plan(long heartbeatTimeoutMs, long creationTimeoutMs, long workMillis, long idleMillis, boolean reroute,
      int maxAttempts, long lingerMillis) {
    public static Plan work(long workMillis) {
      return new Plan(3000, 60_000, workMillis, 0, false, 1, 0);
    }

    /** The first attempt runs {@link ProbeActivities#lingerAfterSessionEnds} instead of the work. */
    public Plan firstLingering(long millis) {
      return new Plan(heartbeatTimeoutMs, creationTimeoutMs, workMillis, idleMillis, reroute, maxAttempts, millis);
    }

    public Plan idle(long millis) {
      return new Plan(heartbeatTimeoutMs, creationTimeoutMs, workMillis, millis, reroute, maxAttempts, lingerMillis);
    }

    public Plan heartbeatTimeout(long millis) {
      return new Plan(millis, creationTimeoutMs, workMillis, idleMillis, reroute, maxAttempts, lingerMillis);
    }

    public Plan creationTimeout(long millis) {
      return new Plan(heartbeatTimeoutMs, millis, workMillis, idleMillis, reroute, maxAttempts, lingerMillis);
    }

    public Plan rerouted(int attempts) {
      return new Plan(heartbeatTimeoutMs, creationTimeoutMs, workMillis, idleMillis, true, attempts, lingerMillis);
    }
  }

  /**
   * @param failureReason set when the (single) session failed
   * @param failedAtMillis workflow time when the failure was seen
   * @param closeMillis how long close() took
   */
  record Result(String worker, String failureReason, long failedAtMillis, long closeMillis,
      List<SessionAttempt> attempts) {}

  @WorkflowMethod
  Result run(Plan plan);
}
