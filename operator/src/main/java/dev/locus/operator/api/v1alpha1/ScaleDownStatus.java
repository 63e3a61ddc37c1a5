package dev.locus.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** A scale-down waiting for the sessions on its leaving workers. */
public class ScaleDownStatus {
  @JsonPropertyDescription("the replicas the pool is going down to")
  public Integer toReplicas;

  @JsonPropertyDescription("when the leaving workers were cordoned (RFC 3339)")
  public String since;

  @JsonPropertyDescription("sessions still open on the leaving workers, when Temporal reports them")
  public Integer sessionsLeft;

  @JsonPropertyDescription("the ordinals the operator cordoned for this scale-down")
  public List<Integer> cordoned = new ArrayList<>();

  public ScaleDownStatus() {}

  public ScaleDownStatus(Integer toReplicas, String since, Integer sessionsLeft, List<Integer> cordoned) {
    this.toReplicas = toReplicas;
    this.since = since;
    this.sessionsLeft = sessionsLeft;
    this.cordoned = cordoned;
  }
}
