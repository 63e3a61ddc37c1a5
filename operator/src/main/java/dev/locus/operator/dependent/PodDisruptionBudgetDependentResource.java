package dev.locus.operator.dependent;

import dev.locus.operator.PoolLabels;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** Voluntary disruptions (node drains) take one worker at a time, each draining its sessions gracefully. */
@KubernetesDependent(informer = @Informer(labelSelector = PoolLabels.MANAGED_SELECTOR))
public class PodDisruptionBudgetDependentResource
    extends CRUDKubernetesDependentResource<PodDisruptionBudget, FileProcessingPool> {
  public PodDisruptionBudgetDependentResource() {
    super(PodDisruptionBudget.class);
  }

  @Override
  protected PodDisruptionBudget desired(FileProcessingPool pool, Context<FileProcessingPool> context) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata().withName(pool.getMetadata().getName()).withNamespace(pool.getMetadata().getNamespace())
          .withLabels(PoolLabels.labels(pool, PoolLabels.WORKER)).endMetadata()
        .withNewSpec().withMaxUnavailable(new IntOrString(1))
          .withNewSelector().withMatchLabels(PoolLabels.selector(pool)).endSelector()
        .endSpec()
        .build();
  }
}
