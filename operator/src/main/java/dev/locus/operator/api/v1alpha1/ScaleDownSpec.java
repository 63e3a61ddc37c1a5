package dev.locus.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How a scale-down treats the sessions on the workers that leave. */
public class ScaleDownSpec {
  @Min(0)
  @Max(86400)
  @Default("300")
  @JsonPropertyDescription("seconds the leaving workers, cordoned, get to finish their open sessions before they"
      + " are removed; what is still open then is drained and re-routed. 0 removes them at once")
  public int sessionTimeoutSeconds = 300;
}
