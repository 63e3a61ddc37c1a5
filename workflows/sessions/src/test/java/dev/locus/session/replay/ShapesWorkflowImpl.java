package dev.locus.session.replay;

import dev.locus.session.RerouteOptions;
import dev.locus.session.SessionFailed;
import dev.locus.session.SessionOptions;
import dev.locus.session.WorkerSession;
import dev.locus.session.WorkerSessions;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import java.time.Duration;

public class ShapesWorkflowImpl implements ShapesWorkflow {
  private static final ActivityOptions STEP = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(1))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
      .build();

  @Override
  public String run(Shape shape) {
    SessionOptions options = SessionOptions.defaults().withCreationTimeout(
        shape == Shape.CREATION_TIMED_OUT ? Duration.ofSeconds(2) : Duration.ofMinutes(1));
    if (shape == Shape.PER_WORKER || shape == Shape.PER_WORKER_LEASE_LOST) {
      options = options.withLiveness(SessionOptions.Liveness.PER_WORKER);
    }
    switch (shape) {
      case REROUTED:
        return WorkerSessions.runWithReroute(options, RerouteOptions.defaults(), session -> {
          ShapesActivities steps = session.newActivityStub(ShapesActivities.class, STEP);
          return steps.step("a", 0) + steps.step("long", 3000);
        }).value();
      default:
        try (WorkerSession session = WorkerSessions.open(options)) {
          ShapesActivities steps = session.newActivityStub(ShapesActivities.class, STEP);
          String first = steps.step("a", 0);
          return first + steps.step(shape == Shape.WORK_FAILED ? "fail" : "b", 0);
        } catch (SessionFailed e) {
          return "session failed: " + e.reason().type();
        } catch (ActivityFailure e) {
          return "work failed";
        }
    }
  }
}
