package dev.locus.cli;

import dev.locus.files.FileProcessingRequest;
import dev.locus.files.FileProcessingResult;
import dev.locus.session.FailureMessages;
import dev.locus.session.TaskQueues;
import dev.locus.worker.DurationConverter;
import dev.locus.worker.FileProcessingClient;
import dev.locus.worker.TemporalConnection;
import dev.locus.worker.TemporalSettings;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Start one FileProcessingWorkflow per URL and wait; one line per workflow:"
        + " id, status, worker, output, SHA-256. Exits non-zero if any failed.")
public class SubmitCommand implements Callable<Integer> {
  @Mixin Output output;

  @Mixin TemporalSettings temporal;

  @Parameters(arity = "1..*", paramLabel = "URL", description = "http(s):// or file:// sources")
  List<String> urls;

  @Option(names = "--destination", description = "output folder URL (ending in /) or exact target URL")
  String destination;

  @Option(names = "--transform", defaultValue = "gzip", description = "gzip or identity (default ${DEFAULT-VALUE})")
  String transform;

  @Option(names = "--shared-queue", defaultValue = "${env:LOCUS_SHARED_QUEUE:-" + TaskQueues.DEFAULT_SHARED_QUEUE + "}",
      description = "queue the workers poll (default ${DEFAULT-VALUE})")
  String sharedQueue;

  @Option(names = "--id-prefix", defaultValue = "file", description = "workflow id prefix (default ${DEFAULT-VALUE})")
  String idPrefix;

  @Option(names = "--resume-within", converter = DurationConverter.class,
      description = "wait this long for a lost or restarting worker to come back with the session's data before"
          + " re-routing (workers keep it with --keep-sessions-for); default: re-route at once")
  Duration resumeWithin;

  @Option(names = "--no-wait", description = "print the workflow ids and return")
  boolean noWait;

  @Override
  public Integer call() throws Exception {
    WorkflowServiceStubs stubs = TemporalConnection.stubs(temporal, null);
    try {
      if (!TemporalConnection.reachable(stubs, Duration.ofSeconds(10))) {
        throw new IllegalArgumentException("Temporal at " + temporal.address() + " is not reachable"
            + " (set --temporal-address or TEMPORAL_ADDRESS; start one with ./locus dev-server)");
      }
      FileProcessingClient files = FileProcessingClient.forServer(
          TemporalConnection.client(stubs, temporal, null), sharedQueue);
      List<String> ids = new ArrayList<>();
      for (String url : urls) {
        String id = idPrefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        files.start(id, new FileProcessingRequest(url, destination, transform, null,
            resumeWithin == null ? null : resumeWithin.toMillis()));
        ids.add(id);
        if (noWait) {
          output.out().println(id);
        }
      }
      if (noWait) {
        return 0;
      }
      int failed = 0;
      for (String id : ids) {
        try {
          FileProcessingResult r = files.result(id).get();
          output.out().printf("%s\tCOMPLETED\t%s\t%s\t%s%n", id, r.worker(), r.output(), r.sha256());
        } catch (java.util.concurrent.ExecutionException e) {
          failed++;
          output.out().printf("%s\tFAILED\t-\t-\t-\t%s%n", id, FailureMessages.describe(e));
        }
      }
      return failed == 0 ? 0 : 1;
    } finally {
      stubs.shutdown();
    }
  }
}
