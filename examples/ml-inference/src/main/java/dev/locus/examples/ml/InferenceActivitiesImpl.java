package dev.locus.examples.ml;

import dev.locus.session.SessionContext;
import io.temporal.failure.ApplicationFailure;
import dev.locus.session.SessionHost;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps each session's model in memory from {@link #loadModel} until the session closes; a session resumed after
 * this worker restarted loads it again at its first inference. The activities take no session parameter:
 * {@link SessionContext} says which session they run in.
 */
public class InferenceActivitiesImpl implements InferenceActivities {
  private final Map<String, Model> models = new ConcurrentHashMap<>();
  private final AtomicInteger loads = new AtomicInteger();
  private final AtomicInteger inferences = new AtomicInteger();
  private final int modelMegabytes;

  public InferenceActivitiesImpl(SessionHost sessions, int modelMegabytes) {
    this.modelMegabytes = modelMegabytes;
    sessions.onSessionClosed(models::remove); // the memory goes with the session
  }

  @Override
  public void loadModel(String modelId) {
    SessionContext session = SessionContext.current();
    models.put(session.sessionId(), load(modelId));
  }

  private Model load(String modelId) {
    loads.incrementAndGet();
    return Model.load(modelId, modelMegabytes);
  }

  @Override
  public Prediction infer(String modelId, String input) {
    SessionContext session = SessionContext.current();
    session.ensureOpen();
    Model model = models.computeIfAbsent(session.sessionId(), id -> load(modelId));
    if (!model.id().equals(modelId)) {
      throw ApplicationFailure.newNonRetryableFailure("session " + session.sessionId() + " holds model " + model.id()
          + ", not " + modelId, "WrongModel");
    }
    inferences.incrementAndGet();
    return new Prediction(input, model.predict(input), session.workerId());
  }

  /** How many inferences this worker ran. */
  public int inferences() {
    return inferences.get();
  }

  /** How many times this worker loaded a model. */
  public int loads() {
    return loads.get();
  }
}
