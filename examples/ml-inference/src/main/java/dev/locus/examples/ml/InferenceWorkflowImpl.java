package dev.locus.examples.ml;

import dev.locus.session.RerouteOptions;
import dev.locus.session.RerouteResult;
import dev.locus.session.SessionOptions;
import dev.locus.session.WorkerSessions;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the model once in a session and runs every inference there. If the worker is lost it starts over elsewhere,
 * or, when the request allows it, waits for the worker to restart and goes on from its first inference not done.
 */
public class InferenceWorkflowImpl implements InferenceWorkflow {
  private static final ActivityOptions STEP = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(10))
      .build();

  @Override
  public Result infer(Request request) {
    SessionOptions options = SessionOptions.defaults();
    if (request.resumeWithinMs() != null) {
      options = options.withResumeWithin(Duration.ofMillis(request.resumeWithinMs()));
    }
    RerouteResult<List<Prediction>> result = WorkerSessions.runWithReroute(
        options, RerouteOptions.defaults(), session -> {
          InferenceActivities model = session.newActivityStub(InferenceActivities.class, STEP);
          model.loadModel(request.modelId());
          List<Prediction> predictions = new ArrayList<>();
          for (String input : request.inputs()) {
            predictions.add(model.infer(request.modelId(), input));
          }
          return predictions;
        });
    return new Result(result.value(), result.attempts().size());
  }
}
