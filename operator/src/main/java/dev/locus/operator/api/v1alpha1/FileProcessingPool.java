package dev.locus.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A fleet of Locus workers: one StatefulSet pod per worker, each polling the shared queue and its own queue. */
@Group("locus.dev")
@Version("v1alpha1")
@ShortNames("fpp")
@AdditionalPrinterColumn(name = "Desired", jsonPath = ".spec.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.readyReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Backlog", jsonPath = ".status.backlog", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Backlog-Age", jsonPath = ".status.backlogAgeSeconds",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class FileProcessingPool extends CustomResource<FileProcessingPoolSpec, FileProcessingPoolStatus>
    implements Namespaced {
  public FileProcessingPool() {}

  public FileProcessingPool(String namespace, String name, FileProcessingPoolSpec spec) {
    getMetadata().setNamespace(namespace);
    getMetadata().setName(name);
    setSpec(spec);
  }

  @Override
  @JsonPropertyDescription("what the operator observed: workers, the queues they own, backlog, and the Ready,"
      + " Progressing and Degraded conditions")
  public FileProcessingPoolStatus getStatus() {
    return super.getStatus();
  }

  @Override
  @JsonPropertyDescription("the worker fleet wanted: image, replicas, Temporal connection, sessions per worker,"
      + " draining and storage")
  public FileProcessingPoolSpec getSpec() {
    return super.getSpec();
  }
}
