package dev.locus.session;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Runs on the session worker's own queue and ends the lease there, freeing the slot at once. */
@ActivityInterface
public interface SessionReleaseActivity {
  String TYPE = "LocusSessionRelease";

  @ActivityMethod(name = TYPE)
  void releaseSession(String sessionId);
}
