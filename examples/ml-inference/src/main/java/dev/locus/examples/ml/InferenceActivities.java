package dev.locus.examples.ml;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Run through a session: the model is loaded once into the session's worker, then every inference uses it. */
@ActivityInterface
public interface InferenceActivities {
  /** Loads the model into this worker's memory for the current session. */
  @ActivityMethod(name = "LoadModel")
  void loadModel(String modelId);

  /**
   * One inference with the session's model. It names the model too: in a session resumed after its worker restarted,
   * the model is gone from memory, and the first inference there loads it again.
   */
  @ActivityMethod(name = "Infer")
  Prediction infer(String modelId, String input);
}
