package dev.locus.temporal;

import java.util.Optional;

/** A Temporal server this process started on loopback: the embedded stand-in or the Temporal CLI's dev server. */
public interface DevServer extends AutoCloseable {
  /** {@code embedded} or {@code temporal-cli}, as reports name it. */
  String kind();

  /** host:port of the frontend. */
  String address();

  ServerProfile profile();

  /** The Web UI's base address, where the server has one. */
  default Optional<String> webUi() {
    return Optional.empty();
  }

  /** The Web UI page of one workflow, where the server has a UI. */
  default Optional<String> workflowPage(String namespace, String workflowId) {
    return webUi().map(ui -> ui + "/namespaces/" + namespace + "/workflows/" + workflowId);
  }

  @Override
  void close();
}
