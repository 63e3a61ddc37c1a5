package dev.locus.session;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** Exercises the library's public surface as a user's workflow would. */
@WorkflowInterface
public interface ApiWorkflow {
  /**
   * @param reopen reopen this token's session instead of opening one; null opens one
   * @param continueAsNew close the session and continue as new with its token, once
   * @param awaitFinish keep the session open until {@link #finish}
   * @param earlierWorkers the session workers of the runs before this one
   */
  record Input(SessionToken reopen, boolean continueAsNew, boolean awaitFinish, List<String> earlierWorkers) {
    static Input open() {
      return new Input(null, false, false, List.of());
    }
  }

  /**
   * @param seen what the session activity saw in its SessionContext: {@code sessionId@workerId}
   * @param ordinary the result of an ordinary activity on the shared queue, run while the session held every slot
   * @param workers the session worker of every run, the first run's first
   */
  record Output(String sessionId, String seen, String ordinary, SessionState stateAfterClose, List<String> workers) {}

  @WorkflowMethod
  Output run(Input input);

  @SignalMethod
  void finish();

  /** Runs in a session: reports its SessionContext. */
  @ActivityInterface
  interface InSession {
    @ActivityMethod(name = "ApiWhoAmI")
    String whoAmI();
  }

  /** An ordinary activity, registered on the shared queue's worker. */
  @ActivityInterface
  interface Ordinary {
    @ActivityMethod(name = "ApiOrdinary")
    String ordinary();
  }
}
