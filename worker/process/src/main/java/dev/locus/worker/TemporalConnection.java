package dev.locus.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds Temporal clients from {@link TemporalSettings}, and waits for the server with backoff. */
public final class TemporalConnection {
  private static final Logger log = LoggerFactory.getLogger(TemporalConnection.class);

  private TemporalConnection() {}

  public static WorkflowServiceStubs stubs(TemporalSettings settings, MeterRegistry registry) {
    WorkflowServiceStubsOptions.Builder options;
    try {
      options = WorkflowServiceStubsOptions.newBuilder(settings.profile().toWorkflowServiceStubsOptions());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot set up TLS for Temporal: " + rootMessage(e), e);
    }
    if (registry != null) {
      Scope scope = new RootScopeBuilder().reporter(new MicrometerClientStatsReporter(registry))
          .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
      options.setMetricsScope(scope);
    }
    return WorkflowServiceStubs.newServiceStubs(options.build());
  }

  public static WorkflowClient client(WorkflowServiceStubs stubs, TemporalSettings settings, String identity) {
    return client(stubs, settings, identity, null);
  }

  /** A client whose workers send the server worker heartbeats every {@code workerHeartbeatInterval} (null: none). */
  public static WorkflowClient client(WorkflowServiceStubs stubs, TemporalSettings settings, String identity,
      Duration workerHeartbeatInterval) {
    WorkflowClientOptions.Builder options = WorkflowClientOptions.newBuilder(settings.profile().toWorkflowClientOptions());
    if (identity != null) {
      options.setIdentity(identity);
    }
    if (workerHeartbeatInterval != null) {
      options.setWorkerHeartbeatInterval(workerHeartbeatInterval);
    }
    return WorkflowClient.newInstance(stubs, options.build());
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  /** True if the server answers within {@code timeout}. */
  public static boolean reachable(WorkflowServiceStubs stubs, Duration timeout) {
    try {
      stubs.blockingStub().withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Waits until the server answers, backing off from 1 s to 30 s, logging each failed try once. */
  public static void awaitServer(WorkflowServiceStubs stubs, String address) throws InterruptedException {
    long backoff = 1000;
    for (int attempt = 1; !reachable(stubs, Duration.ofSeconds(5)); attempt++) {
      log.warn("Temporal at {} is not reachable (try {}); retrying in {} ms", address, attempt, backoff);
      TimeUnit.MILLISECONDS.sleep(backoff);
      backoff = Math.min(backoff * 2, 30_000);
    }
  }
}
