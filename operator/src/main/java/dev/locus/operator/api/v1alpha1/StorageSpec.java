package dev.locus.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** The per-pod volume for session files. */
public class StorageSpec {
  @Default("10Gi")
  @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$")
  @JsonPropertyDescription("size of each pod's volume, a Kubernetes quantity")
  public String size = "10Gi";

  @JsonPropertyDescription("storage class; empty for the cluster default")
  public String storageClassName;
}
