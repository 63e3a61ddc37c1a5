package dev.locus.session;

import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.TreeSet;

/** Registered by {@link SessionHost#registerOn} on every session worker's presence queue. */
final class ProbersWorkflowImpl implements ProbersWorkflow {
  private static final int HISTORY_LIMIT = 2_000;
  private final TreeSet<String> members = new TreeSet<>();

  @Override
  public void keep(List<String> workerQueues) {
    members.addAll(workerQueues);
    Workflow.await(() -> Workflow.getInfo().getHistoryLength() > HISTORY_LIMIT);
    Workflow.continueAsNew(List.copyOf(members));
  }

  @Override
  public void joined(String workerQueue) {
    members.add(workerQueue);
  }

  @Override
  public void left(String workerQueue) {
    members.remove(workerQueue);
  }

  @Override
  public List<String> workerQueues() {
    return List.copyOf(members);
  }
}
