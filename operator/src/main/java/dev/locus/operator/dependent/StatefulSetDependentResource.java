package dev.locus.operator.dependent;

import dev.locus.launch.WorkerLaunch;
import dev.locus.operator.PoolLabels;
import dev.locus.operator.PoolPlan;
import dev.locus.operator.WorkerPodSpecs;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.operator.api.v1alpha1.FileProcessingPoolSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The worker fleet: pod {@code <pool>-<n>} polls {@code <sharedTaskQueue>-<pool>-<n>}; one volume per pod. */
@KubernetesDependent(informer = @Informer(labelSelector = PoolLabels.MANAGED_SELECTOR))
public class StatefulSetDependentResource extends CRUDKubernetesDependentResource<StatefulSet, FileProcessingPool> {
  static final String DATA_DIR = "/data";
  static final String POD_INFO_DIR = "/etc/locus/pod";

  public StatefulSetDependentResource() {
    super(StatefulSet.class);
  }

  @Override
  protected StatefulSet desired(FileProcessingPool pool, Context<FileProcessingPool> context) {
    FileProcessingPoolSpec spec = pool.getSpec();
    String name = pool.getMetadata().getName();
    List<EnvVar> env = new ArrayList<>();
    // apiVersion spelled out as the API server defaults it: otherwise every reconcile sees a difference and re-applies
    env.add(new EnvVarBuilder().withName(WorkerLaunch.Setting.WORKER_ID.env).withNewValueFrom().withNewFieldRef()
        .withApiVersion("v1").withFieldPath("metadata.name").endFieldRef().endValueFrom().build());
    // Other workers of the pool probe this one's presence at its pod IP, on the health port.
    env.add(new EnvVarBuilder().withName(WorkerLaunch.Setting.ADVERTISE_ADDRESS.env).withNewValueFrom()
        .withNewFieldRef().withApiVersion("v1").withFieldPath("status.podIP").endFieldRef().endValueFrom().build());
    env.addAll(WorkerPodSpecs.temporalEnv(spec));
    new WorkerLaunch().sharedQueue(spec.sharedTaskQueue).maxSessions(spec.maxConcurrentSessions).workDir(DATA_DIR)
        .httpPort(WorkerPodSpecs.HTTP_PORT).drainGrace(Duration.ofSeconds(spec.drainGraceSeconds)).pool(name)
        .allowedSources(spec.allowedSources == null ? null : String.join(",", spec.allowedSources))
        .cordonFile(POD_INFO_DIR + "/cordon").keepSessionsFor(Duration.ofSeconds(spec.keepSessionsSeconds))
        .env().forEach((key, value) -> env.add(new EnvVar(key, value, null)));
    if (spec.env != null) {
      env.addAll(spec.env);
    }
    var mounts = new ArrayList<>(WorkerPodSpecs.secretMounts(spec));
    mounts.add(new VolumeMountBuilder().withName("data").withMountPath(DATA_DIR).build());
    mounts.add(new VolumeMountBuilder().withName("pod-info").withMountPath(POD_INFO_DIR).withReadOnly(true).build());
    var volumes = new ArrayList<>(WorkerPodSpecs.secretVolumes(spec));
    // The cordon annotation as a file: the worker follows it without any Kubernetes rights of its own.
    volumes.add(new VolumeBuilder().withName("pod-info").withNewDownwardAPI().addNewItem().withPath("cordon")
        .withNewFieldRef().withApiVersion("v1").withFieldPath("metadata.annotations['" + PoolLabels.CORDON + "']")
        .endFieldRef().endItem().endDownwardAPI().build());
    Map<String, String> labels = PoolLabels.labels(pool, PoolLabels.WORKER);
    return new StatefulSetBuilder()
        .withNewMetadata().withName(name).withNamespace(pool.getMetadata().getNamespace()).withLabels(labels)
        .endMetadata()
        .withNewSpec()
          .withReplicas(PoolPlan.of(context).statefulSetReplicas())
          .withServiceName(ServiceDependentResource.name(pool))
          .withPodManagementPolicy("Parallel")
          .withNewSelector().withMatchLabels(PoolLabels.selector(pool)).endSelector()
          .withNewTemplate()
            .withNewMetadata().withLabels(labels)
              .addToAnnotations("prometheus.io/scrape", "true")
              .addToAnnotations("prometheus.io/port", String.valueOf(WorkerPodSpecs.HTTP_PORT))
            .endMetadata()
            .withNewSpec()
              .withTerminationGracePeriodSeconds((long) spec.drainGraceSeconds + 15)
              .withSecurityContext(WorkerPodSpecs.podSecurity())
              .withImagePullSecrets(WorkerPodSpecs.pullSecrets(spec))
              .withNodeSelector(spec.nodeSelector)
              .withTolerations(spec.tolerations)
              .withAffinity(spec.affinity)
              .withVolumes(volumes)
              .withContainers(new ContainerBuilder()
                  .withName("worker")
                  .withImage(spec.image)
                  .withImagePullPolicy(spec.imagePullPolicy)
                  .withArgs("worker")
                  .withEnv(env)
                  .addNewPort().withName("http-metrics").withContainerPort(WorkerPodSpecs.HTTP_PORT).endPort()
                  .withNewReadinessProbe().withNewHttpGet().withPath("/readyz")
                    .withNewPort("http-metrics").endHttpGet().withPeriodSeconds(5).withFailureThreshold(2)
                  .endReadinessProbe()
                  .withNewLivenessProbe().withNewHttpGet().withPath("/healthz")
                    .withNewPort("http-metrics").endHttpGet().withInitialDelaySeconds(30).withPeriodSeconds(10)
                  .endLivenessProbe()
                  .withResources(spec.resources)
                  .withSecurityContext(WorkerPodSpecs.containerSecurity())
                  .withVolumeMounts(mounts)
                  .build())
            .endSpec()
          .endTemplate()
          .withVolumeClaimTemplates(new PersistentVolumeClaimBuilder()
              .withNewMetadata().withName("data").withLabels(PoolLabels.selector(pool)).endMetadata()
              .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName(spec.storage.storageClassName)
                .withNewResources().addToRequests("storage", new Quantity(spec.storage.size)).endResources()
              .endSpec().build())
        .endSpec()
        .build();
  }
}
