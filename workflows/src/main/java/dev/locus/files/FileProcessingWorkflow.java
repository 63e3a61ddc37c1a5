package dev.locus.files;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Download, process and upload one file, all on one worker. Start it on the shared queue. */
@WorkflowInterface
public interface FileProcessingWorkflow {
  String TYPE = "FileProcessingWorkflow";

  @WorkflowMethod(name = TYPE)
  FileProcessingResult process(FileProcessingRequest request);

  @QueryMethod(name = "status")
  FileProcessingStatus status();
}
