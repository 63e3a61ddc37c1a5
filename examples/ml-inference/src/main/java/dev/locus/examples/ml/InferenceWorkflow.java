package dev.locus.examples.ml;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

@WorkflowInterface
public interface InferenceWorkflow {
  /**
   * Which model to load, and the inputs to run through it.
   *
   * @param resumeWithinMs how long to wait for a restarting worker to take its session back (the inferences done
   *     there are not run again); null or 0: re-route at once
   */
  record Request(String modelId, List<String> inputs, Long resumeWithinMs) {
    public Request(String modelId, List<String> inputs) {
      this(modelId, inputs, null);
    }
  }

  /** The predictions in input order, and how many sessions it took (more than 1 after a worker was lost). */
  record Result(List<Prediction> predictions, int sessions) {}

  @WorkflowMethod
  Result infer(Request request);
}
