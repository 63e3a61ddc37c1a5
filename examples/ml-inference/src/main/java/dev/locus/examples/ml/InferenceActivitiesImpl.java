package dev.locus.examples.ml;

import dev.locus.session.SessionContext;
import dev.locus.session.SessionFailureReason;
import dev.locus.session.SessionHost;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps each session's model in memory from {@link #loadModel} until the session closes. The activities take no
 * session parameter: {@link SessionContext} says which session they run in.
 */
public class InferenceActivitiesImpl implements InferenceActivities {
  private final Map<String, Model> models = new ConcurrentHashMap<>();
  private final AtomicInteger loads = new AtomicInteger();
  private final int modelMegabytes;

  public InferenceActivitiesImpl(SessionHost sessions, int modelMegabytes) {
    this.modelMegabytes = modelMegabytes;
    sessions.onSessionClosed(models::remove); // the memory goes with the session
  }

  @Override
  public void loadModel(String modelId) {
    SessionContext session = SessionContext.current();
    models.put(session.sessionId(), Model.load(modelId, modelMegabytes));
    loads.incrementAndGet();
  }

  @Override
  public Prediction infer(String input) {
    SessionContext session = SessionContext.current();
    session.ensureOpen();
    Model model = models.get(session.sessionId());
    if (model == null) {
      // Not loaded here (the worker restarted): the workflow re-routes and loads it elsewhere.
      throw SessionFailureReason.LOCAL_DATA_MISSING.newFailure("no model loaded for session " + session.sessionId());
    }
    return new Prediction(input, model.predict(input), session.workerId());
  }

  /** How many times this worker loaded a model. */
  public int loads() {
    return loads.get();
  }
}
