package dev.locus.operator.api.v1alpha1;

/** Shaped like Strimzi's: type, status ("True"/"False"/"Unknown"), lastTransitionTime, CamelCase reason, message. */
public record Condition(String type, String status, String lastTransitionTime, String reason, String message) {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
}
