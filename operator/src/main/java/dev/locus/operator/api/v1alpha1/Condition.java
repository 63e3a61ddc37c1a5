package dev.locus.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Shaped like Strimzi's and metav1.Condition: type, status ("True"/"False"/"Unknown"), the generation it was decided
 * for, lastTransitionTime, a CamelCase reason from {@link ConditionReason}, and a message.
 */
public record Condition(
    @JsonPropertyDescription("Ready, Progressing or Degraded") String type,
    @JsonPropertyDescription("True, False or Unknown") String status,
    @JsonPropertyDescription("the metadata.generation this condition was decided for; older than the pool's"
        + " generation means the operator has not caught up with the latest spec") Long observedGeneration,
    @JsonPropertyDescription("when status last changed (RFC 3339)") String lastTransitionTime,
    @JsonPropertyDescription("why, in one CamelCase word (also the reason of the Event recorded when it changed)")
    String reason,
    @JsonPropertyDescription("the details, for people") String message) {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
}
