package dev.locus.session.replay;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Every shape of history the session library writes, in one workflow whose code never changes: the histories under
 * {@code src/test/resources/histories} were recorded with it, by library versions named in their file names, and
 * every later library version must replay them.
 */
@WorkflowInterface
public interface ShapesWorkflow {
  /** The shape to write. */
  enum Shape {
    /** Open, two activities, close. */
    COMPLETED,
    /** An activity fails with a work failure; the session is closed. */
    WORK_FAILED,
    /** The first session's worker drains under it; runWithReroute finishes on another worker. */
    REROUTED,
    /** No worker takes the session within the creation timeout. */
    CREATION_TIMED_OUT,
    /** As COMPLETED, under {@code Liveness.PER_WORKER} (from 0.4). */
    PER_WORKER,
    /**
     * Under {@code Liveness.PER_WORKER}, the first lease is taken by a poll that never runs it: the workflow gives it up
     * and asks again, and completes as COMPLETED (from 0.5).
     */
    PER_WORKER_LEASE_LOST
  }

  @WorkflowMethod
  String run(Shape shape);
}
