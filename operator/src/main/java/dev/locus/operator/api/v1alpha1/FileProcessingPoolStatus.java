package dev.locus.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

public class FileProcessingPoolStatus {
  @JsonPropertyDescription("the metadata.generation this status was written for")
  public Long observedGeneration;

  @StatusReplicas
  @JsonPropertyDescription("worker pods the StatefulSet has (the scale subresource's status.replicas)")
  public Integer replicas;

  @JsonPropertyDescription("worker pods that are ready: connected to Temporal and not draining")
  public Integer readyReplicas;

  @LabelSelector
  @JsonPropertyDescription("label selector of the pool's worker pods, for the scale subresource (HPA, KEDA)")
  public String selector;

  @JsonPropertyDescription("worker ordinals that may still own a queue: live ones and departed ones not yet drained")
  public List<Integer> ordinals = new ArrayList<>();

  @JsonPropertyDescription("the task queue of every ordinal in ordinals (<sharedTaskQueue>-<pool>-<ordinal>)")
  public List<String> workerQueues = new ArrayList<>();

  @JsonPropertyDescription("tasks waiting on the pool's queues (shared and per worker), when the Temporal server"
      + " reports task-queue stats (1.25+)")
  public Long backlog;

  @JsonPropertyDescription("seconds the oldest task waiting on any of the pool's queues has waited, when the"
      + " Temporal server reports it")
  public Long backlogAgeSeconds;

  @JsonPropertyDescription("why there is no backlog figure, when there cannot be one (said here instead of a"
      + " made-up number)")
  public String backlogUnavailable;

  @JsonPropertyDescription("the autoscaler's signals and recommendations, when spec.autoscaling is set")
  public AutoscalingStatus autoscaling;

  @JsonPropertyDescription("a scale-down waiting for its leaving workers' sessions; absent otherwise")
  public ScaleDownStatus scaleDown;

  @JsonPropertyDescription("Ready, Progressing and Degraded, each with a CamelCase reason")
  public List<Condition> conditions = new ArrayList<>();
}
