package dev.locus.session;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

public class ResumeWorkflowImpl implements ResumeWorkflow {
  @Override
  public Output run(Input input) {
    SessionOptions options = SessionOptions.defaults().withHeartbeatTimeout(Duration.ofSeconds(2))
        .withResumeWithin(Duration.ofMillis(input.resumeWithinMs()))
        .withLiveness(input.perWorker() ? SessionOptions.Liveness.PER_WORKER : SessionOptions.Liveness.PER_SESSION);
    String key = Workflow.getInfo().getWorkflowId();
    RerouteResult<List<String>> result = WorkerSessions.runWithReroute(options, RerouteOptions.defaults(), session -> {
      Steps steps = session.newActivityStub(Steps.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
      String fetched = steps.fetch(key);
      String worked = steps.work(key, fetched, input.workMillis());
      return List.of(fetched, worked, steps.publish(key, worked));
    });
    return new Output(result.value(), result.attempts());
  }
}
