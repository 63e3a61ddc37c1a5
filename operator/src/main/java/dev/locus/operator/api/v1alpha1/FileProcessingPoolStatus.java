package dev.locus.operator.api.v1alpha1;

import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

public class FileProcessingPoolStatus {
  public Long observedGeneration;

  @StatusReplicas
  public Integer replicas;

  public Integer readyReplicas;

  @LabelSelector
  public String selector;

  /** Worker ordinals that may still own a queue: live ones and departed ones not yet drained. */
  public List<Integer> ordinals = new ArrayList<>();

  /** The queue of every ordinal in {@link #ordinals}. */
  public List<String> workerQueues = new ArrayList<>();

  /** Tasks waiting on the pool's queues, when the Temporal server reports it. */
  public Long backlog;

  /** Why there is no backlog figure, when there cannot be one (said here instead of a made-up number). */
  public String backlogUnavailable;

  public List<Condition> conditions = new ArrayList<>();
}
