package dev.locus.bench;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

public class BaselineWorkflowImpl implements BaselineWorkflow {
  private final BaselineActivities steps = Workflow.newActivityStub(BaselineActivities.class,
      ActivityOptions.newBuilder().setTaskQueue(BaselineActivities.QUEUE)
          .setStartToCloseTimeout(Duration.ofMinutes(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build()).build());

  @Override
  public List<String> run(String mode, String key, String source, String storage, String destination) {
    if (mode.equals("shared-storage")) {
      return List.of(steps.downloadToStorage(key, source, storage), steps.processInStorage(key, storage),
          steps.uploadFromStorage(key, storage, destination));
    }
    return List.of(steps.download(key, source), steps.process(key, source), steps.upload(key, source, destination));
  }
}
