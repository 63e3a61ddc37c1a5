package dev.locus.session;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

public class ProbeWorkflowImpl implements ProbeWorkflow {
  private int attempts;

  @Override
  public Result run(Plan plan) {
    SessionOptions options = SessionOptions.defaults()
        .withHeartbeatTimeout(Duration.ofMillis(plan.heartbeatTimeoutMs()))
        .withCreationTimeout(Duration.ofMillis(plan.creationTimeoutMs()))
        .withLiveness(plan.onePresencePerWorker() ? SessionOptions.Liveness.PER_WORKER : SessionOptions.Liveness.PER_SESSION);
    if (plan.reroute()) {
      RerouteResult<String> result = WorkerSessions.runWithReroute(
          options, RerouteOptions.defaults().withMaxAttempts(plan.maxAttempts()), session -> body(session, plan));
      return new Result(result.value(), null, 0, 0, result.attempts());
    }
    WorkerSession session;
    try {
      session = WorkerSessions.open(options);
    } catch (SessionFailed e) {
      return new Result(null, e.reason().type(), Workflow.currentTimeMillis(), 0, List.of());
    }
    try {
      String worker = body(session, plan);
      long closeStart = Workflow.currentTimeMillis();
      session.close();
      return new Result(worker, null, 0, Workflow.currentTimeMillis() - closeStart, List.of());
    } catch (SessionFailed e) {
      long failedAt = Workflow.currentTimeMillis();
      session.close();
      return new Result(session.workerId(), e.reason().type(), failedAt, 0, List.of());
    }
  }

  private String body(WorkerSession session, Plan plan) {
    ProbeActivities probe = session.newActivityStub(ProbeActivities.class,
        ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(5)).build());
    if (++attempts == 1 && plan.lingerMillis() > 0) {
      return probe.lingerAfterSessionEnds(plan.lingerMillis());
    }
    String worker = probe.work(plan.workMillis());
    if (plan.idleMillis() > 0) {
      Workflow.await(Duration.ofMillis(plan.idleMillis()), () -> session.failure().isPresent());
      session.failure().ifPresent(f -> {
        throw f;
      });
      worker = probe.work(1);
    }
    return worker;
  }
}
