package dev.locus.session;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The session workers of one shared queue that probe each other's presence ({@link SessionHost#answerPresenceProbesAt}),
 * by their own queues, on {@link TaskQueues#presenceQueue}: each joins when registered and whenever it asks for a
 * presence, and leaves when it drains. A worker asking for a probed presence reads it, and its watch tries them in
 * turn, starting after the worker itself, so that each worker probes about one other.
 */
@WorkflowInterface
public interface ProbersWorkflow {
  String TYPE = "LocusPresenceProbers";
  String QUERY = "LocusProbers";

  @WorkflowMethod(name = TYPE)
  void keep(List<String> workerQueues);

  @SignalMethod(name = "LocusProberJoined")
  void joined(String workerQueue);

  /** The worker left, or did not take a probe in time: it is asked again only once it joins again. */
  @SignalMethod(name = "LocusProberLeft")
  void left(String workerQueue);

  /** The members, sorted. */
  @QueryMethod(name = QUERY)
  List<String> workerQueues();

  static String workflowId(String presenceQueue) {
    return "locus-probers-" + presenceQueue;
  }
}
