package dev.locus.session;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface ProbeActivities {
  /** Works for {@code millis}, heartbeating, and returns the id of the worker it ran on. */
  @ActivityMethod(name = "ProbeWork")
  String work(long millis);

  /**
   * Works, without heartbeating, until its worker holds no open session, then goes on for {@code millis} and fails
   * with a work failure, as a step whose input file was removed under it would.
   */
  @ActivityMethod(name = "ProbeLinger")
  String lingerAfterSessionEnds(long millis);
}
