package dev.locus.cli;

import dev.locus.session.QueueDrainer;
import dev.locus.worker.DurationConverter;
import dev.locus.worker.TemporalConnection;
import dev.locus.worker.TemporalSettings;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "drain", mixinStandardHelpOptions = true,
    description = "Fail every task on a departed worker's queue as QueueDrained, so its workflows re-route now."
        + " Where the server lists workers (ListWorkers), it refuses (exit code 3) while a live worker still polls"
        + " that queue; elsewhere never run it while one does.")
public class DrainCommand implements Callable<Integer> {
  @Mixin Output output;

  @Mixin TemporalSettings temporal;

  @Option(names = "--queue", required = true, description = "the worker queue to drain")
  String queue;

  @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
      description = "how long to poll (default ${DEFAULT-VALUE})")
  Duration duration;

  /** In a pod, the count goes into the termination message, where the operator reads it. */
  private static void reportToKubernetes(int drained) {
    java.nio.file.Path message = java.nio.file.Path.of("/dev/termination-log");
    if (java.nio.file.Files.isWritable(message)) {
      try {
        java.nio.file.Files.writeString(message, "drained=" + drained);
      } catch (java.io.IOException ignored) {
        // the count is in the log as well
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    WorkflowServiceStubs stubs = TemporalConnection.stubs(temporal, null);
    try {
      TemporalConnection.awaitServer(stubs, temporal.address());
      int drained;
      try {
        drained = QueueDrainer.drain(TemporalConnection.client(stubs, temporal, "locus-drain"), queue, duration);
      } catch (QueueDrainer.LiveWorkerException e) {
        output.err().println("locus drain: " + e.getMessage());
        return 3;
      }
      output.out().println("drained " + drained + " task(s) from " + queue + " in " + duration.toSeconds() + " s");
      reportToKubernetes(drained);
      return 0;
    } finally {
      stubs.shutdown();
    }
  }
}
