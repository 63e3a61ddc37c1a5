package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.operator.api.v1alpha1.FileProcessingPoolSpec;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

/** What worker pods and drain Job pods share: Temporal settings, secrets, and a locked-down security context. */
public final class WorkerPodSpecs {
  public static final int HTTP_PORT = 9464;
  public static final String TLS_DIR = "/etc/locus/tls";

  private WorkerPodSpecs() {}

  public static List<EnvVar> temporalEnv(FileProcessingPoolSpec spec) {
    List<EnvVar> env = new ArrayList<>();
    env.add(env("TEMPORAL_ADDRESS", spec.temporal.address));
    env.add(env("TEMPORAL_NAMESPACE", spec.temporal.namespace == null ? "default" : spec.temporal.namespace));
    if (spec.temporal.tlsSecretRef != null) {
      env.add(env("TEMPORAL_TLS_CLIENT_CERT_PATH", TLS_DIR + "/tls.crt"));
      env.add(env("TEMPORAL_TLS_CLIENT_KEY_PATH", TLS_DIR + "/tls.key"));
    }
    if (spec.temporal.apiKeySecretRef != null) {
      env.add(new EnvVarBuilder().withName("TEMPORAL_API_KEY").withNewValueFrom().withNewSecretKeyRef()
          .withName(spec.temporal.apiKeySecretRef).withKey("api-key").endSecretKeyRef().endValueFrom().build());
    }
    return env;
  }

  public static List<Volume> secretVolumes(FileProcessingPoolSpec spec) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    if (spec.temporal.tlsSecretRef != null) {
      volumes.add(new VolumeBuilder().withName("temporal-tls").withNewSecret()
          .withSecretName(spec.temporal.tlsSecretRef).withDefaultMode(0400).endSecret().build());
    }
    return volumes;
  }

  public static List<VolumeMount> secretMounts(FileProcessingPoolSpec spec) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
    if (spec.temporal.tlsSecretRef != null) {
      mounts.add(new VolumeMountBuilder().withName("temporal-tls").withMountPath(TLS_DIR).withReadOnly(true).build());
    }
    return mounts;
  }

  public static List<LocalObjectReference> pullSecrets(FileProcessingPoolSpec spec) {
    return spec.imagePullSecrets == null ? List.of()
        : spec.imagePullSecrets.stream().map(LocalObjectReference::new).toList();
  }

  public static PodSecurityContext podSecurity() {
    return new PodSecurityContextBuilder().withRunAsNonRoot(true).withRunAsUser(10001L).withRunAsGroup(10001L)
        .withFsGroup(10001L).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().build();
  }

  public static SecurityContext containerSecurity() {
    return new SecurityContextBuilder().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true).withCapabilities(new Capabilities(null, List.of("ALL"))).build();
  }

  public static String queue(FileProcessingPool pool, int ordinal) {
    return dev.locus.session.TaskQueues.podQueue(pool.getSpec().sharedTaskQueue, pool.getMetadata().getName(),
        ordinal);
  }

  private static EnvVar env(String name, String value) {
    return new EnvVar(name, value, null);
  }
}
