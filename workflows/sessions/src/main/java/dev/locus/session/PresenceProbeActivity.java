package dev.locus.session;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Duration;

/**
 * Runs on the own queue of another session worker than the one it watches ({@link ProbersWorkflow} names it): asks a
 * worker whose presence is probed ({@link SessionHost#answerPresenceProbesAt}) whether its process is still there, so
 * that its presence heartbeats only as a backstop. It heartbeats only as its own backstop too: the probes do not
 * reach the server.
 */
@ActivityInterface
public interface PresenceProbeActivity {
  String TYPE = "LocusPresenceProbe";

  /**
   * Asks {@code url} about every quarter of {@code timeout} until the worker has not answered for {@code timeout}, or
   * answers as another process, and then returns why, with the sessions its presence last listed (from the
   * presence's last heartbeat).
   */
  @ActivityMethod(name = TYPE)
  Lost probe(String workerId, String url, Duration timeout);

  /** A worker the probe found gone: how, and what its presence last listed. */
  record Lost(String why, WorkerPresenceActivity.Details listed) {}
}
