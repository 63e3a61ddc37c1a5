package dev.locus.examples.ml;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

@WorkflowInterface
public interface InferenceWorkflow {
  /** Which model to load, and the inputs to run through it. */
  record Request(String modelId, List<String> inputs) {}

  /** The predictions in input order, and how many sessions it took (more than 1 after a worker was lost). */
  record Result(List<Prediction> predictions, int sessions) {}

  @WorkflowMethod
  Result infer(Request request);
}
