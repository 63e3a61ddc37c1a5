package dev.locus.session;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers {@link PresenceProbeActivity}: probes another worker over HTTP, and reads its presence's last list. */
final class PresenceProbes implements PresenceProbeActivity {
  private static final Logger log = LoggerFactory.getLogger(PresenceProbes.class);
  private final String workerId;
  private final WorkflowClient client;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  PresenceProbes(String workerId, WorkflowClient client) {
    this.workerId = workerId;
    this.client = client;
  }

  @Override
  public Lost probe(String watched, String url, Duration timeout) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Duration wait = PresenceProbeVerdict.interval(timeout);
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(wait).GET().build();
    long started = System.nanoTime();
    long lastAnswered = started;
    boolean answeredOnce = false;
    boolean warned = false;
    while (true) {
      PresenceProbeVerdict.Answer answer = ask(request, watched);
      long now = System.nanoTime();
      if (answer == PresenceProbeVerdict.Answer.HERE) {
        lastAnswered = now;
        answeredOnce = true;
      }
      PresenceProbeVerdict verdict = PresenceProbeVerdict.of(answer, answeredOnce,
          Duration.ofNanos(now - lastAnswered), timeout);
      switch (verdict) {
        case OVER -> {
          return null;
        }
        case SILENT, REPLACED -> {
          String why = verdict.describe(timeout);
          log.warn("worker {}: worker {} {}; reporting it lost", workerId, watched, why);
          return new Lost(why, lastListed(context.getInfo()));
        }
        case PRESENT -> {
          if (!answeredOnce && !warned && now - started >= timeout.toNanos()) { // and its address does not refuse
            warned = true;
            log.warn("worker {}: worker {} does not answer its presence probe at {}: check the address it"
                + " advertises; until it answers, only its presence's backstop can report it lost", workerId, watched,
                url);
          }
        }
      }
      context.heartbeat(null); // throttled by the SDK to its backstop, and how a cancel reaches this probe
      try {
        TimeUnit.MILLISECONDS.sleep(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Activity.wrap(e);
      }
    }
  }

  private PresenceProbeVerdict.Answer ask(HttpRequest request, String watched) {
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() == 200) {
        return PresenceProbeVerdict.Answer.HERE;
      }
      if (response.statusCode() == PresenceProbeVerdict.STATUS_OVER) {
        return PresenceProbeVerdict.Answer.PRESENCE_OVER;
      }
      boolean sameWorker = response.headers().firstValue(PresenceProbeVerdict.WORKER_HEADER)
          .filter(watched::equals).isPresent();
      return response.statusCode() == PresenceProbeVerdict.STATUS_GONE && sameWorker
          ? PresenceProbeVerdict.Answer.ANOTHER_PROCESS : PresenceProbeVerdict.Answer.NONE;
    } catch (ConnectException e) {
      return PresenceProbeVerdict.Answer.REFUSED;
    } catch (IOException e) {
      return PresenceProbeVerdict.Answer.NONE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }

  /** What the watched presence's last heartbeat listed, read off the watching run. */
  private WorkerPresenceActivity.Details lastListed(ActivityInfo info) {
    List<PendingActivityInfo> pending = client.getWorkflowServiceStubs().blockingStub()
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(info.getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(info.getWorkflowId())
                .setRunId(info.getRunId()))
            .build())
        .getPendingActivitiesList();
    Payloads details = pending.stream()
        .filter(a -> a.getActivityType().getName().equals(WorkerPresenceActivity.PROBED_TYPE))
        .filter(PendingActivityInfo::hasHeartbeatDetails)
        .map(PendingActivityInfo::getHeartbeatDetails)
        .findFirst().orElse(null);
    if (details == null || details.getPayloadsCount() == 0) {
      return new WorkerPresenceActivity.Details(null, List.of()); // lost before it listed a session
    }
    return client.getOptions().getDataConverter().fromPayloads(0, Optional.of(details),
        WorkerPresenceActivity.Details.class, WorkerPresenceActivity.Details.class);
  }
}
