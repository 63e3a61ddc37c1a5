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
      int maxAttempts, long lingerMillis, boolean onePresencePerWorker) {
    public static Plan work(long workMillis) {
      return new Plan(3000, 60_000, workMillis, 0, false, 1, 0, false);
    }

    /** Under {@link SessionOptions.Liveness#PER_WORKER}. */
    public Plan perWorkerLiveness() {
      return new Plan(heartbeatTimeoutMs, creationTimeoutMs, workMillis, idleMillis, reroute, maxAttempts, lingerMillis,
          true);
    }

    /** The first attempt runs {@link ProbeActivities#lingerAfterSessionEnds} instead of the work. */
    public Plan firstLingering(long millis) {
      return new Plan(heartbeatTimeoutMs, creationTimeoutMs, workMillis, idleMillis, reroute, maxAttempts, millis,
          onePresencePerWorker);
    }

    public Plan idle(long millis) {
      return new Plan(heartbeatTimeoutMs, creationTimeoutMs, workMillis, millis, reroute, maxAttempts, lingerMillis,
          onePresencePerWorker);
    }

    public Plan heartbeatTimeout(long millis) {
      return new Plan(millis, creationTimeoutMs, workMillis, idleMillis, reroute, maxAttempts, lingerMillis,
          onePresencePerWorker);
    }

    public Plan creationTimeout(long millis) {
      return new Plan(heartbeatTimeoutMs, millis, workMillis, idleMillis, reroute, maxAttempts, lingerMillis,
          onePresencePerWorker);
    }

    public Plan rerouted(int attempts) {
      return new Plan(heartbeatTimeoutMs, creationTimeoutMs, workMillis, idleMillis, true, attempts, lingerMillis,
          onePresencePerWorker);
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
