package dev.locus.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

public class FileProcessingPoolSpec {
  @SpecReplicas
  @Min(0)
  @Default("1")
  @JsonPropertyDescription("number of workers (pods); also set by kubectl scale and HPAs")
  public int replicas = 1;

  @Required
  @Pattern("^\\S+$")
  @JsonPropertyDescription("the Locus worker image")
  public String image;

  @Pattern("^(Always|IfNotPresent|Never)$")
  @JsonPropertyDescription("Always, IfNotPresent or Never")
  public String imagePullPolicy;

  @JsonPropertyDescription("names of Secrets for pulling the image")
  public List<String> imagePullSecrets = new ArrayList<>();

  @Required
  public TemporalConnectionSpec temporal;

  @Default("file-processing-shared")
  @Pattern("^[A-Za-z0-9]([A-Za-z0-9._-]{0,98}[A-Za-z0-9])?$")
  @JsonPropertyDescription("queue for workflows and new sessions; each worker also polls <sharedTaskQueue>-<pod>")
  public String sharedTaskQueue = "file-processing-shared";

  @Min(1)
  @Max(1000)
  @Default("2")
  @JsonPropertyDescription("sessions one worker holds at most")
  public int maxConcurrentSessions = 2;

  @Min(5)
  @Max(3600)
  @Default("20")
  @JsonPropertyDescription("on SIGTERM, seconds open sessions may finish before moving to another worker")
  public int drainGraceSeconds = 20;

  @Min(0)
  @Max(86400)
  @Default("300")
  @JsonPropertyDescription("when a worker restarts (a rolling update, a node drain, a crash) rather than leaves, how"
      + " long it keeps the sessions it could not finish within drainGraceSeconds, for workflows that allow resuming"
      + " them (resumeWithinMs); 0: drain them as on leaving")
  public int keepSessionsSeconds = 300;

  @Min(10)
  @Max(86400)
  @Default("300")
  @JsonPropertyDescription("how long a drain Job polls a departed worker's queue")
  public int drainJobSeconds = 300;

  @JsonPropertyDescription("allowed sources and destinations (LOCUS_ALLOWED_SOURCES), e.g. https://*.example.com")
  public List<String> allowedSources = new ArrayList<>();

  public StorageSpec storage = new StorageSpec();

  @JsonPropertyDescription("set replicas from the pool's sessions; when absent, replicas is yours (kubectl scale, an"
      + " HPA or KEDA through the scale subresource)")
  public AutoscalingSpec autoscaling;

  @JsonPropertyDescription("gentle scale-down: leaving workers take no new sessions and finish their open ones first")
  public ScaleDownSpec scaleDown = new ScaleDownSpec();

  public ResourceRequirements resources;

  public Map<String, String> nodeSelector;

  public List<Toleration> tolerations;

  public Affinity affinity;

  @JsonPropertyDescription("extra environment for the worker container")
  public List<EnvVar> env = new ArrayList<>();
}
