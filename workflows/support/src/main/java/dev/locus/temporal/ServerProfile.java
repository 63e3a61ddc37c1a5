package dev.locus.temporal;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How workers and clients must treat a Temporal server. The one place that knows the embedded stand-in
 * (temporal-test-server) differs from a real server: it has no sticky-queue fallback, so a workflow whose last task ran
 * on a killed worker with sticky execution on would hang forever; there, sticky execution is off and workflow tasks
 * time out after 2 s. A real server (the CLI's dev server, a cluster, Temporal Cloud) gets the production defaults:
 * sticky execution on and the server's workflow-task timeout.
 */
public enum ServerProfile {
  EMBEDDED("embedded", false, Duration.ofSeconds(2)),
  REAL("real", true, null);

  /**
   * How often a worker tells a real server it is alive (server worker heartbeats, shown by ListWorkers; server 1.29+,
   * on by default from 1.32). The session library's QueueDrainer takes a worker silent for three of these as gone.
   */
  public static final Duration WORKER_HEARTBEAT_INTERVAL = Duration.ofSeconds(2);

  private final String label;
  private final boolean stickyExecution;
  private final Duration workflowTaskTimeout;

  ServerProfile(String label, boolean stickyExecution, Duration workflowTaskTimeout) {
    this.label = label;
    this.stickyExecution = stickyExecution;
    this.workflowTaskTimeout = workflowTaskTimeout;
  }

  public String label() {
    return label;
  }

  /** Whether workers cache workflows between tasks (the production default) against this server. */
  public boolean stickyExecution() {
    return stickyExecution;
  }

  /**
   * The worker-heartbeat interval for clients of workers on this server, or null. The SDK turns heartbeats off by
   * itself, with one warning, where a real server's namespace does not support them.
   */
  public Duration workerHeartbeatInterval() {
    return this == REAL ? WORKER_HEARTBEAT_INTERVAL : null;
  }

  /** Start options for a workflow on this server: the server's workflow-task timeout unless it needs a short one. */
  public WorkflowOptions.Builder apply(WorkflowOptions.Builder options) {
    return workflowTaskTimeout == null ? options : options.setWorkflowTaskTimeout(workflowTaskTimeout);
  }

  /**
   * Asks the server what it is. A real server reports its version in GetSystemInfo; the embedded stand-in reports
   * none.
   */
  public static ServerProfile detect(WorkflowServiceStubs stubs) {
    GetSystemInfoResponse info = stubs.blockingStub().withDeadlineAfter(10, TimeUnit.SECONDS)
        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
    return info.getServerVersion().isEmpty() ? EMBEDDED : REAL;
  }
}
