package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.FileProcessingPoolSpec;
import dev.locus.session.TaskQueues;
import java.util.Optional;

/**
 * What the CRD schema cannot say (or what an older CRD let through): a spec the operator cannot carry out gets a
 * clear reason instead of a crash.
 */
public final class PoolValidation {
  /** StatefulSet names longer than this break the controller-revision-hash label of their pods. */
  static final int MAX_POOL_NAME = 52;

  private PoolValidation() {}

  public static Optional<String> problem(String poolName, FileProcessingPoolSpec spec) {
    if (spec == null) {
      return Optional.of("spec is missing");
    }
    if (poolName.length() > MAX_POOL_NAME) {
      return Optional.of("pool name '" + poolName + "' is longer than " + MAX_POOL_NAME + " characters");
    }
    if (spec.image == null || spec.image.isBlank()) {
      return Optional.of("spec.image is required");
    }
    if (spec.replicas < 0) {
      return Optional.of("spec.replicas must be 0 or more, got " + spec.replicas);
    }
    if (spec.maxConcurrentSessions < 1) {
      return Optional.of("spec.maxConcurrentSessions must be at least 1, got " + spec.maxConcurrentSessions);
    }
    if (spec.autoscaling != null && spec.autoscaling.minReplicas > spec.autoscaling.maxReplicas) {
      return Optional.of("spec.autoscaling.minReplicas (" + spec.autoscaling.minReplicas
          + ") is more than maxReplicas (" + spec.autoscaling.maxReplicas + ")");
    }
    if (spec.temporal == null || spec.temporal.address == null || spec.temporal.address.isBlank()) {
      return Optional.of("spec.temporal.address is required");
    }
    try {
      TaskQueues.requireValidName("spec.sharedTaskQueue", spec.sharedTaskQueue);
      TaskQueues.podQueue(spec.sharedTaskQueue, poolName, Math.max(0, spec.replicas - 1));
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    return Optional.empty();
  }
}
