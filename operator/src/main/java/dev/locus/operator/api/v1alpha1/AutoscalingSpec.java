package dev.locus.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** The operator sets replicas from the pool's sessions: those open on its workers and those waiting for a slot. */
public class AutoscalingSpec {
  @Min(0)
  @Default("1")
  @JsonPropertyDescription("fewest workers")
  public int minReplicas = 1;

  @Required
  @Min(1)
  @JsonPropertyDescription("most workers")
  public int maxReplicas;

  @Min(1)
  @Max(100)
  @Default("80")
  @JsonPropertyDescription("the share of session slots (replicas x maxConcurrentSessions) that open and waiting"
      + " sessions should fill, in percent")
  public int targetSessionUtilizationPercent = 80;

  @Min(0)
  @Max(3600)
  @Default("0")
  @JsonPropertyDescription("seconds a higher replica count must be wanted throughout before the pool scales up")
  public int scaleUpStabilizationSeconds = 0;

  @Min(0)
  @Max(3600)
  @Default("300")
  @JsonPropertyDescription("seconds a lower replica count must be wanted throughout before the pool scales down")
  public int scaleDownStabilizationSeconds = 300;
}
