package dev.locus.session.replay;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface ShapesActivities {
  /** Returns {@code input} after {@code millis}; fails with a work failure when {@code input} is "fail". */
  @ActivityMethod(name = "ShapesStep")
  String step(String input, long millis);
}
