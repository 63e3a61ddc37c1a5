package dev.locus.session;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** Three steps in a session, run with reroute and resume: fetch, work (long), publish. */
@WorkflowInterface
public interface ResumeWorkflow {
  /**
   * @param resumeWithinMs SessionOptions.resumeWithin (0: no resume)
   * @param workMillis how long the middle step runs
   * @param perWorker under Liveness.PER_WORKER, else PER_SESSION
   */
  record Input(long resumeWithinMs, long workMillis, boolean perWorker) {}

  /** What each step returned (the worker it ran on, for fetch the data it "fetched"), and the attempts. */
  record Output(List<String> results, List<SessionAttempt> attempts) {}

  @WorkflowMethod
  Output run(Input input);

  @ActivityInterface
  interface Steps {
    /** Returns "fetched@<worker>"; counts its runs. */
    @ActivityMethod(name = "ResumeFetch")
    String fetch(String key);

    @ActivityMethod(name = "ResumeWork")
    String work(String key, String fetched, long millis);

    @ActivityMethod(name = "ResumePublish")
    String publish(String key, String worked);
  }
}
