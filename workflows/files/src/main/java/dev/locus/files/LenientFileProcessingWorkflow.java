package dev.locus.files;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * {@link FileProcessingWorkflow} as workers register it: the same workflow type, taking its input as whatever JSON a
 * client sends (any JSON converts to a {@link JsonNode}), so that the workflow itself reads the input and fails at
 * once with {@code InvalidRequest} on a wrong shape. Typed as {@link FileProcessingRequest}, an input Jackson cannot
 * bind would fail the first workflow task again and again until the execution timed out. Java clients keep using
 * {@link FileProcessingWorkflow}.
 */
@WorkflowInterface
public interface LenientFileProcessingWorkflow {
  @WorkflowMethod(name = FileProcessingWorkflow.TYPE)
  FileProcessingResult process(JsonNode input);

  @QueryMethod(name = FileProcessingWorkflow.STATUS_QUERY)
  FileProcessingStatus status();
}
