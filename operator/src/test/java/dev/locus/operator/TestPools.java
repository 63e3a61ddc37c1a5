package dev.locus.operator;

import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.operator.api.v1alpha1.FileProcessingPoolSpec;
import dev.locus.operator.api.v1alpha1.TemporalConnectionSpec;

/** Pools as users write them: an image, a Temporal address and an API-key Secret. */
final class TestPools {
  private TestPools() {}

  static FileProcessingPool pool(String namespace, String name, int replicas) {
    FileProcessingPoolSpec spec = new FileProcessingPoolSpec();
    spec.replicas = replicas;
    spec.image = "registry.example.com/locus-worker:0.1.0";
    spec.temporal = new TemporalConnectionSpec();
    spec.temporal.address = "temporal-frontend.temporal:7233";
    spec.temporal.apiKeySecretRef = "temporal-api-key";
    return new FileProcessingPool(namespace, name, spec);
  }

  /** A pool whose workers reach a plain-text Temporal at {@code address}, whose queues the operator can read. */
  static FileProcessingPool onTemporal(String namespace, String name, int replicas, String address) {
    FileProcessingPool pool = pool(namespace, name, replicas);
    pool.getSpec().temporal.apiKeySecretRef = null;
    pool.getSpec().temporal.address = address;
    return pool;
  }
}
