package dev.locus.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

@WorkflowInterface
public interface BaselineWorkflow {
  /**
   * @param mode "no-affinity" or "shared-storage"
   * @return the worker of each step
   */
  @WorkflowMethod(name = "BaselineWorkflow")
  List<String> run(String mode, String key, String source, String storage, String destination);
}
