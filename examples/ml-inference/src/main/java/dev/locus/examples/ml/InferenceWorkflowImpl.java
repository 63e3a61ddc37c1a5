package dev.locus.examples.ml;

import dev.locus.session.RerouteOptions;
import dev.locus.session.RerouteResult;
import dev.locus.session.SessionOptions;
import dev.locus.session.WorkerSessions;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Loads the model once in a session, runs every inference there, and starts over elsewhere if the worker is lost. */
public class InferenceWorkflowImpl implements InferenceWorkflow {
  private static final ActivityOptions STEP = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(10))
      .build();

  @Override
  public Result infer(Request request) {
    RerouteResult<List<Prediction>> result = WorkerSessions.runWithReroute(
        SessionOptions.defaults(), RerouteOptions.defaults(), session -> {
          InferenceActivities model = session.newActivityStub(InferenceActivities.class, STEP);
          model.loadModel(request.modelId());
          List<Prediction> predictions = new ArrayList<>();
          for (String input : request.inputs()) {
            predictions.add(model.infer(input));
          }
          return predictions;
        });
    return new Result(result.value(), result.attempts().size());
  }
}
