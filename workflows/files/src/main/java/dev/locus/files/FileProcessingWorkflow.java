package dev.locus.files;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Download, process and upload one file, all on one worker. Start it on the shared queue. Workers register it as
 * {@link LenientFileProcessingWorkflow}, which also takes the source URL alone as input.
 */
@WorkflowInterface
public interface FileProcessingWorkflow {
  String TYPE = "FileProcessingWorkflow";
  String STATUS_QUERY = "status";

  @WorkflowMethod(name = TYPE)
  FileProcessingResult process(FileProcessingRequest request);

  @QueryMethod(name = STATUS_QUERY)
  FileProcessingStatus status();
}
