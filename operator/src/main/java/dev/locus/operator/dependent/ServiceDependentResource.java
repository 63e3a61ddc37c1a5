package dev.locus.operator.dependent;

import dev.locus.operator.PoolLabels;
import dev.locus.operator.WorkerPodSpecs;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Headless: stable pod DNS for the StatefulSet, and a target for PodMonitors/ServiceMonitors. */
@KubernetesDependent(informer = @Informer(labelSelector = PoolLabels.MANAGED_SELECTOR))
public class ServiceDependentResource extends CRUDKubernetesDependentResource<Service, FileProcessingPool> {
  public ServiceDependentResource() {
    super(Service.class);
  }

  static String name(FileProcessingPool pool) {
    return pool.getMetadata().getName() + "-workers";
  }

  @Override
  protected Service desired(FileProcessingPool pool, Context<FileProcessingPool> context) {
    return new ServiceBuilder()
        .withNewMetadata().withName(name(pool)).withNamespace(pool.getMetadata().getNamespace())
          .withLabels(PoolLabels.labels(pool, PoolLabels.WORKER)).endMetadata()
        .withNewSpec().withClusterIP("None").withSelector(PoolLabels.selector(pool))
          .addNewPort().withName("http-metrics").withPort(WorkerPodSpecs.HTTP_PORT).endPort()
        .endSpec()
        .build();
  }
}
