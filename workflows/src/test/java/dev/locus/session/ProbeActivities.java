package dev.locus.session;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface ProbeActivities {
  /** Works for {@code millis}, heartbeating, and returns the id of the worker it ran on. */
  @ActivityMethod(name = "ProbeWork")
  String work(long millis);
}
