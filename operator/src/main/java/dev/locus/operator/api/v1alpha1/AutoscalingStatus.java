package dev.locus.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the autoscaler saw and decided last. */
public class AutoscalingStatus {
  @JsonPropertyDescription("sessions open on the pool's workers, as their heartbeats to Temporal report them")
  public Integer sessionsOpen;

  @JsonPropertyDescription("sessions waiting for a slot: the backlog of the pool's lease queue")
  public Long sessionsWaiting;

  @JsonPropertyDescription("the replicas the signals ask for now, before stabilization")
  public Integer recommendedReplicas;

  @JsonPropertyDescription("why the autoscaler did not act, when it could not")
  public String unavailable;

  @JsonPropertyDescription("when the autoscaler last changed replicas (RFC 3339)")
  public String lastScaleTime;

  @JsonPropertyDescription("when the recommendation changed, newest last: the changes within the stabilization"
      + " windows and the recommendation in force when the longest one opens")
  public List<Recommendation> recommendations = new ArrayList<>();

  /** A recommended replica count and since when it was recommended. */
  public static class Recommendation {
    public int replicas;
    public String at;

    public Recommendation() {}

    public Recommendation(int replicas, String at) {
      this.replicas = replicas;
      this.at = at;
    }
  }
}
