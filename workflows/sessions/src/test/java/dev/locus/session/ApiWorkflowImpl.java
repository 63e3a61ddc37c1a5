package dev.locus.session;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

public class ApiWorkflowImpl implements ApiWorkflow {
  private static final ActivityOptions STEP = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(30)).build();
  private boolean finished;
  private final List<String> workers = new ArrayList<>();

  @Override
  public Output run(Input input) {
    workers.addAll(input.earlierWorkers());
    SessionOptions options = SessionOptions.defaults().withCreationTimeout(Duration.ofSeconds(30));
    WorkerSession session = input.reopen() == null
        ? WorkerSessions.open(options) : WorkerSessions.reopen(input.reopen(), options);
    workers.add(session.workerId());
    String seen = session.newActivityStub(InSession.class, STEP).whoAmI();
    String ordinary = Workflow.newActivityStub(Ordinary.class, STEP).ordinary();
    if (input.awaitFinish()) {
      Workflow.await(() -> finished);
    }
    session.close();
    if (input.continueAsNew()) {
      Workflow.continueAsNew(new Input(session.token(), false, false, workers));
    }
    return new Output(session.sessionId(), seen, ordinary, session.state(), workers);
  }

  @Override
  public void finish() {
    finished = true;
  }
}
